using System;
using System.IO;
using System.Text.Json;
using ConvexAuthKit.Diagnostics;

namespace ConvexAuthKit.ConvexProject
{
    /// <summary>Reads a small JSON file strictly (as Node's JSON.parse does), turning every failure into a coded diagnostic.</summary>
    internal static class JsonFile
    {
        private const long MaxBytes = 1024 * 1024;

        public static JsonDocument Read(string path, string invalidCode, string fix) => Read(path, invalidCode, fix, out _);

        /// <summary>Reads and parses the file; <paramref name="text"/> is what was parsed (BOM removed), for <see cref="JsonPositions"/>.</summary>
        public static JsonDocument Read(string path, string invalidCode, string fix, out string text)
        {
            try
            {
                var info = new FileInfo(path);
                if (info.Length > MaxBytes)
                    throw new ConvexAuthKitException(invalidCode, $"{Path.GetFileName(path)} is {info.Length / 1024} KiB, far larger than a config file should be; {fix}", path);
                text = File.ReadAllText(path).TrimStart('\uFEFF');
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new ConvexAuthKitException(invalidCode, $"{Path.GetFileName(path)} could not be read ({e.Message.TrimEnd('.')}); check that the file exists and is readable.", path, 0, e);
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
