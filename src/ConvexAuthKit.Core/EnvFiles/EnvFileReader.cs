using System;
using System.IO;
using System.Text;
using ConvexAuthKit.Diagnostics;
using ConvexAuthKit.Files;

namespace ConvexAuthKit.EnvFiles
{
    /// <summary>The text of an env file, and whether the file exists and started with a UTF-8 byte order mark.</summary>
    internal sealed record EnvFileContent(bool Exists, string Text, bool HasBom);

    /// <summary>
    /// Reads an env file, refusing anything that cannot be one (CAK0004): a folder, more than 1 MiB, bytes
    /// that are not UTF-8, or NUL characters; a named pipe or device is CAK0020 (a secret manager's pipe is
    /// never read or replaced). A missing file (or a dangling link) reads as empty.
    /// </summary>
    internal static class EnvFileReader
    {
        public const int MaxBytes = 1024 * 1024;

        private static readonly byte[] Utf8Bom = { 0xEF, 0xBB, 0xBF };
        private static readonly UTF8Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

        public static EnvFileContent Read(string path)
        {
            // Null when it does not exist; a pipe or device is CAK0020 and never opened for reading; anything else unreadable is CAK0004.
            byte[]? bytes = InputFiles.ReadBytes(path, MaxBytes, DiagnosticCodes.EnvFileInvalid, "The env file");
            if (bytes == null)
                return new EnvFileContent(false, "", false);

            bool hasBom = bytes.Length >= Utf8Bom.Length && bytes[0] == Utf8Bom[0] && bytes[1] == Utf8Bom[1] && bytes[2] == Utf8Bom[2];
            int start = hasBom ? Utf8Bom.Length : 0;

            string text;
            try
            {
                text = StrictUtf8.GetString(bytes, start, bytes.Length - start);
            }
            catch (DecoderFallbackException e)
            {
                int line = e.Index >= 0 ? LineAt(bytes, start + e.Index) : 0;
                throw Invalid(path, $"{path} is not UTF-8 text (invalid bytes on line {line}); save it with UTF-8 encoding.", line, e);
            }

            int nul = text.IndexOf('\0');
            if (nul >= 0)
            {
                int line = LineAt(bytes, start + Encoding.UTF8.GetByteCount(text.Substring(0, nul)));
                throw Invalid(path, $"{path} contains a NUL character on line {line}, so it is not a text file; save it as UTF-8 text.", line);
            }
            return new EnvFileContent(true, text, hasBom);
        }

        private static int LineAt(byte[] bytes, int offset)
        {
            int line = 1;
            for (int i = 0; i < offset && i < bytes.Length; i++)
            {
                if (bytes[i] == (byte)'\n')
                    line++;
            }
            return line;
        }

        private static ConvexAuthKitException Invalid(string path, string message, int line = 0, Exception? inner = null)
            => new ConvexAuthKitException(DiagnosticCodes.EnvFileInvalid, message, path, line, inner);
    }
}
