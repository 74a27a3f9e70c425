using System;
using System.IO;
using System.Text;
using ConvexAuthKit.Diagnostics;

namespace ConvexAuthKit.Scanning
{
    /// <summary>
    /// Turns a file (or text already read) into source the lexer can take: at most 1 MiB, no NUL characters,
    /// UTF-8 with any byte-order mark removed. Anything else is <see cref="DiagnosticCodes.AuthConfigUnreadable"/>.
    /// </summary>
    internal static class AuthConfigSourceText
    {
        public const int MaxBytes = 1024 * 1024;

        public static string ReadFile(string path)
        {
            byte[] bytes;
            try
            {
                var length = new FileInfo(path).Length;
                if (length > MaxBytes)
                    throw TooLarge(path);
                bytes = File.ReadAllBytes(path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is NotSupportedException || e is ArgumentException)
            {
                throw new ConvexAuthKitException(
                    DiagnosticCodes.AuthConfigUnreadable,
                    SourceDisplayName.For(path) + " could not be read (" + e.Message + "); make sure the build can read it.",
                    path, 0, e);
            }
            if (bytes.Length > MaxBytes)
                throw TooLarge(path);
            if (Array.IndexOf(bytes, (byte)0) >= 0)
                throw Binary(path);
            return Prepare(new UTF8Encoding(false, false).GetString(bytes), path);
        }

        /// <summary>Reads an imported module, or returns null when it cannot be read as source.</summary>
        public static string? TryReadFile(string path)
        {
            try
            {
                return ReadFile(path);
            }
            catch (ConvexAuthKitException)
            {
                return null;
            }
        }

        public static string Prepare(string source, string? filePath)
        {
            if (source.Length > 0 && source[0] == '\uFEFF')
                source = source.Substring(1);
            if (source.Length > MaxBytes)
                throw TooLarge(filePath);
            if (source.IndexOf('\0') >= 0)
                throw Binary(filePath);
            return source;
        }

        private static ConvexAuthKitException TooLarge(string? path) =>
            new ConvexAuthKitException(
                DiagnosticCodes.AuthConfigUnreadable,
                SourceDisplayName.For(path) + " is larger than 1 MiB, far too big for an auth config; check that it is the right file and move bulky data out of it.",
                path);

        private static ConvexAuthKitException Binary(string? path) =>
            new ConvexAuthKitException(
                DiagnosticCodes.AuthConfigUnreadable,
                SourceDisplayName.For(path) + " contains NUL bytes, so it is binary or UTF-16 rather than JavaScript or TypeScript; save it as UTF-8 text.",
                path);
    }
}
