using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;

namespace ConvexAuthKit.Caching
{
    /// <summary>What a successful run left behind, stored under obj/ (no secret in it: inputs are hashes).</summary>
    public sealed class CacheRecord
    {
        public CacheRecord(IReadOnlyDictionary<string, string> inputs, string outcome, string summary)
        {
            Inputs = inputs;
            Outcome = outcome;
            Summary = summary;
        }

        public IReadOnlyDictionary<string, string> Inputs { get; }
        public string Outcome { get; }
        public string Summary { get; }
    }

    /// <summary>
    /// Reads and writes the obj/ cache. A missing, corrupt or foreign file is simply no cache: the next run
    /// does the work again and overwrites it.
    /// </summary>
    public static class ResultCache
    {
        public const int FormatVersion = 1;
        private const string Kind = "ConvexAuthKit.cache";

        public static CacheRecord? Read(string path)
        {
            try
            {
                if (!File.Exists(path))
                    return null;
                using var doc = JsonDocument.Parse(File.ReadAllText(path));
                var root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object
                    || !root.TryGetProperty("kind", out var kind) || kind.ValueKind != JsonValueKind.String || kind.GetString() != Kind
                    || !root.TryGetProperty("version", out var version) || version.ValueKind != JsonValueKind.Number || version.GetInt32() != FormatVersion
                    || !root.TryGetProperty("inputs", out var inputs) || inputs.ValueKind != JsonValueKind.Object)
                {
                    return null;
                }
                var map = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var p in inputs.EnumerateObject())
                {
                    if (p.Value.ValueKind != JsonValueKind.String)
                        return null;
                    map[p.Name] = p.Value.GetString()!;
                }
                var outcome = root.TryGetProperty("outcome", out var o) && o.ValueKind == JsonValueKind.String ? o.GetString()! : "";
                var summary = root.TryGetProperty("summary", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : "";
                return new CacheRecord(map, outcome, summary);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is JsonException || e is FormatException || e is InvalidOperationException)
            {
                return null;
            }
        }

        /// <summary>
        /// True when every recorded input still has the recorded hash: files are re-hashed from disk, environment
        /// variables re-read, and the settings must be exactly the ones given now.
        /// </summary>
        public static bool IsCurrent(CacheRecord record, InputTracker settingsNow, Func<string, string?> environment)
        {
            foreach (var entry in record.Inputs)
            {
                string now;
                if (entry.Key.StartsWith("file:", StringComparison.Ordinal))
                {
                    now = InputTracker.HashFile(entry.Key.Substring(5));
                }
                else if (entry.Key.StartsWith("env:", StringComparison.Ordinal))
                {
                    var value = environment(entry.Key.Substring(4));
                    now = value == null ? InputTracker.Absent : InputTracker.Hash(value);
                }
                else if (!settingsNow.Entries.TryGetValue(entry.Key, out now!))
                {
                    return false;
                }
                if (!string.Equals(now, entry.Value, StringComparison.Ordinal))
                    return false;
            }
            // A setting given now that the record does not know also means a change.
            foreach (var entry in settingsNow.Entries)
            {
                if (!record.Inputs.ContainsKey(entry.Key))
                    return false;
            }
            return true;
        }

        public static void Write(string path, CacheRecord record)
        {
            var dir = Path.GetDirectoryName(path);
            if (!string.IsNullOrEmpty(dir))
                Directory.CreateDirectory(dir);
            using var buffer = new MemoryStream();
            using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
            {
                w.WriteStartObject();
                w.WriteString("kind", Kind);
                w.WriteNumber("version", FormatVersion);
                w.WriteString("outcome", record.Outcome);
                w.WriteString("summary", record.Summary);
                w.WriteStartObject("inputs");
                foreach (var entry in record.Inputs)
                    w.WriteString(entry.Key, entry.Value);
                w.WriteEndObject();
                w.WriteEndObject();
            }
            var tmp = path + ".tmp";
            File.WriteAllBytes(tmp, buffer.ToArray());
            if (File.Exists(path))
                File.Delete(path);
            File.Move(tmp, path);
        }

        public static bool Delete(string path)
        {
            if (!File.Exists(path))
                return false;
            File.Delete(path);
            return true;
        }
    }
}
