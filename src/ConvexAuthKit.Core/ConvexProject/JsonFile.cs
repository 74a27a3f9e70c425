using System;
using System.IO;
using System.Text;
using System.Text.Json;
using ConvexAuthKit.Diagnostics;
using ConvexAuthKit.Files;

namespace ConvexAuthKit.ConvexProject
{
    /// <summary>Reads a small JSON file strictly (as Node's JSON.parse does), turning every failure into a coded diagnostic.</summary>
    internal static class JsonFile
    {
        private const int MaxBytes = 1024 * 1024;

        public static JsonDocument Read(string path, string invalidCode, string fix) => Read(path, invalidCode, fix, out _);

        /// <summary>Reads and parses the file; <paramref name="text"/> is what was parsed (BOM removed), for <see cref="JsonPositions"/>.</summary>
        public static JsonDocument Read(string path, string invalidCode, string fix, out string text)
        {
            var read = InputFiles.Read(path, MaxBytes);
            switch (read.Status)
            {
                case InputReadStatus.Read:
                    // Decoded as File.ReadAllText decodes: a byte order mark picks the encoding, else UTF-8.
                    using (var reader = new StreamReader(new MemoryStream(read.Bytes!), Encoding.UTF8, detectEncodingFromByteOrderMarks: true))
                        text = reader.ReadToEnd().TrimStart('\uFEFF');
                    break;
                case InputReadStatus.NotRegular:
                    throw InputFiles.NotRegular(path, read.Kind);
                case InputReadStatus.TooLarge:
                    throw new ConvexAuthKitException(invalidCode, $"{Path.GetFileName(path)} is larger than {MaxBytes / (1024 * 1024)} MiB, far larger than a config file should be; {fix}", path);
                case InputReadStatus.Directory:
                    throw new ConvexAuthKitException(invalidCode, $"{Path.GetFileName(path)} could not be read (it is a folder); check that the file exists and is readable.", path);
                case InputReadStatus.Missing:
                    throw new ConvexAuthKitException(invalidCode, $"{Path.GetFileName(path)} could not be read (it does not exist); check that the file exists and is readable.", path);
                default:
                    throw new ConvexAuthKitException(invalidCode, $"{Path.GetFileName(path)} could not be read ({InputFiles.Reason(read.Error)}); check that the file exists and is readable.", path, 0, read.Error);
            }

            try
            {
                return JsonDocument.Parse(text);
            }
            catch (JsonException e)
            {
                var line = e.LineNumber.HasValue ? (int)e.LineNumber.Value + 1 : 0;
                throw new ConvexAuthKitException(invalidCode, $"{Path.GetFileName(path)} is not valid JSON ({FirstSentence(e.Message)}); {fix}", path, line, e);
            }
        }

        private static string FirstSentence(string message)
        {
            var cut = message.IndexOf(". ", StringComparison.Ordinal);
            return (cut > 0 ? message.Substring(0, cut) : message).TrimEnd('.');
        }
    }
}
