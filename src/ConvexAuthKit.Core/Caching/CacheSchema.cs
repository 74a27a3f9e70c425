using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace ConvexAuthKit.Caching
{
    /// <summary>
    /// The one place that knows the cache file's format: its kind and version, and how each typed input becomes a
    /// key ("file:", "env:", "setting:" and the path or name) and back.
    /// </summary>
    public static class CacheSchema
    {
        /// <summary>2: adds "stopped" (where an unfinished run stopped).</summary>
        public const int FormatVersion = 2;
        internal const string Kind = "ConvexAuthKit.cache";

        private const string FilePrefix = "file:";
        private const string EnvPrefix = "env:";
        private const string SettingPrefix = "setting:";

        public static string Key(CacheInput input)
        {
            switch (input)
            {
                case FileInput file:
                    return FilePrefix + file.Path;
                case EnvInput env:
                    return EnvPrefix + env.Name;
                case SettingInput setting:
                    return SettingPrefix + setting.Name;
                default:
                    throw new ArgumentException("unknown input " + input.GetType().Name, nameof(input));
            }
        }

        /// <summary>The input a key of the file names; null for a key of no known kind (the record is then not trusted).</summary>
        public static CacheInput? FromKey(string key, string hash)
        {
            if (key.StartsWith(FilePrefix, StringComparison.Ordinal))
                return new FileInput(key.Substring(FilePrefix.Length), hash);
            if (key.StartsWith(EnvPrefix, StringComparison.Ordinal))
                return new EnvInput(key.Substring(EnvPrefix.Length), hash);
            if (key.StartsWith(SettingPrefix, StringComparison.Ordinal))
                return new SettingInput(key.Substring(SettingPrefix.Length), hash);
            return null;
        }

        /// <summary>The record, or null when the document is not a cache of this format (then there is no cache).</summary>
        internal static CacheRecord? Deserialize(JsonElement root)
        {
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("kind", out var kind) || kind.ValueKind != JsonValueKind.String || kind.GetString() != Kind
                || !root.TryGetProperty("version", out var version) || version.ValueKind != JsonValueKind.Number || version.GetInt32() != FormatVersion
                || !root.TryGetProperty("inputs", out var inputs) || inputs.ValueKind != JsonValueKind.Object)
            {
                return null;
            }
            var list = new List<CacheInput>();
            foreach (var p in inputs.EnumerateObject())
            {
                var input = p.Value.ValueKind == JsonValueKind.String ? FromKey(p.Name, p.Value.GetString()!) : null;
                if (input == null)
                    return null;
                list.Add(input);
            }
            return new CacheRecord(list, String(root, "outcome") ?? "", String(root, "summary") ?? "", ReadStopped(root));
        }

        private static StoppedRun? ReadStopped(JsonElement root)
        {
            if (!root.TryGetProperty("stopped", out var stopped) || stopped.ValueKind != JsonValueKind.Object)
                return null;
            var completed = new List<string>();
            if (stopped.TryGetProperty("completed", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var step in list.EnumerateArray())
                {
                    if (step.ValueKind == JsonValueKind.String)
                        completed.Add(step.GetString()!);
                }
            }
            return new StoppedRun(String(stopped, "code") ?? "unknown", String(stopped, "at"), completed);
        }

        private static string? String(JsonElement obj, string name) =>
            obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        internal static byte[] Serialize(CacheRecord record)
        {
            using var buffer = new MemoryStream();
            using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
            {
                w.WriteStartObject();
                w.WriteString("kind", Kind);
                w.WriteNumber("version", FormatVersion);
                w.WriteString("outcome", record.Effect);
                w.WriteString("summary", record.Summary);
                if (record.Stopped != null)
                {
                    w.WriteStartObject("stopped");
                    w.WriteString("code", record.Stopped.Code);
                    if (record.Stopped.StoppedAt != null)
                        w.WriteString("at", record.Stopped.StoppedAt);
                    w.WriteStartArray("completed");
                    foreach (var step in record.Stopped.Completed)
                        w.WriteStringValue(step);
                    w.WriteEndArray();
                    w.WriteEndObject();
                }
                w.WriteStartObject("inputs");
                foreach (var input in record.Inputs)
                    w.WriteString(Key(input), input.Hash);
                w.WriteEndObject();
                w.WriteEndObject();
            }
            return buffer.ToArray();
        }
    }
}
