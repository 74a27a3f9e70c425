using System;
using System.IO;
using System.Text;
using ConvexAuthKit.Diagnostics;
using ConvexAuthKit.Files;

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
            var read = InputFiles.Read(path, MaxBytes);
            switch (read.Status)
            {
                case InputReadStatus.Read:
                    break;
                case InputReadStatus.TooLarge:
                    throw TooLarge(path);
                case InputReadStatus.NotRegular:
                    throw InputFiles.NotRegular(path, read.Kind);
                default:
                    var reason = read.Status == InputReadStatus.Directory ? "it is a folder"
                        : read.Status == InputReadStatus.Missing ? "it does not exist"
                        : InputFiles.Reason(read.Error);
                    throw new ConvexAuthKitException(
                        DiagnosticCodes.AuthConfigUnreadable,
                        SourceDisplayName.For(path) + " could not be read (" + reason + "); make sure the build can read it.",
                        path, 0, read.Error);
            }
            byte[] bytes = read.Bytes!;
            if (Array.IndexOf(bytes, (byte)0) >= 0)
                throw Binary(path);
            return Prepare(new UTF8Encoding(false, false).GetString(bytes), path);
        }

        /// <summary>
        /// Reads an imported module, or returns null when it cannot be read as source. A pipe or device is still
        /// CAK0020: skipping it would silently change what the scan concludes.
        /// </summary>
        public static string? TryReadFile(string path)
        {
            try
            {
                return ReadFile(path);
            }
            catch (ConvexAuthKitException e) when (e.Code != DiagnosticCodes.InputNotRegularFile)
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
