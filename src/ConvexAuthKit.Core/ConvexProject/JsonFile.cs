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

        public static JsonDocument Read(string path, string invalidCode, string fix)
        {
            string text;
            try
            {
                var info = new FileInfo(path);
                if (info.Length > MaxBytes)
                    throw new ConvexAuthKitException(invalidCode, $"{Path.GetFileName(path)} is {info.Length / 1024} KiB, far larger than a config file should be; {fix}", path);
                text = File.ReadAllText(path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new ConvexAuthKitException(invalidCode, $"{Path.GetFileName(path)} could not be read ({e.Message.TrimEnd('.')}); check that the file exists and is readable.", path, 0, e);
            }

            try
            {
                return JsonDocument.Parse(text.TrimStart('\uFEFF'));
            }
            catch (JsonException e)
            {
                var line = e.LineNumber.HasValue ? (int)e.LineNumber.Value + 1 : 0;
                throw new ConvexAuthKitException(invalidCode, $"{Path.GetFileName(path)} is not valid JSON ({FirstSentence(e.Message)}); {fix}", path, line, e);
            }
        }

        /// <summary>The 1-based line where a property's value starts, found by scanning the text (JsonDocument keeps no positions).</summary>
        public static int LineOf(string path, string propertyName)
        {
            try
            {
                var lines = File.ReadAllLines(path);
                var needle = "\"" + propertyName + "\"";
                for (var i = 0; i < lines.Length; i++)
                {
                    if (lines[i].IndexOf(needle, StringComparison.Ordinal) >= 0)
                        return i + 1;
                }
            }
            catch (IOException)
            {
            }
            return 0;
        }

        private static string FirstSentence(string message)
        {
            var cut = message.IndexOf(". ", StringComparison.Ordinal);
            return (cut > 0 ? message.Substring(0, cut) : message).TrimEnd('.');
        }
    }
}
