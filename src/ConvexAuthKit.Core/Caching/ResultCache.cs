using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

using ConvexAuthKit.Files;

namespace ConvexAuthKit.Caching
{
    /// <summary>
    /// Reads and writes the obj/ cache. A missing, corrupt or foreign file is simply no cache: the next run
    /// does the work again and overwrites it.
    /// </summary>
    public static class ResultCache
    {
        /// <summary>2: adds "stopped" (where an unfinished run stopped).</summary>
        public const int FormatVersion = 2;
        private const string Kind = "ConvexAuthKit.cache";

        /// <summary>The setting that changes with every release; an offline build may disregard it (docs/reliability.md).</summary>
        public const string ToolVersionKey = "setting:ToolVersion";

        public static CacheRecord? Read(string path)
        {
            try
            {
                if (!File.Exists(path))
                    return null;
                using var doc = JsonDocument.Parse(InputFiles.ReadAllText(path, 16 * 1024 * 1024));
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
                var outcome = String(root, "outcome") ?? "";
                var summary = String(root, "summary") ?? "";
                return new CacheRecord(map, outcome, summary, ReadStopped(root));
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is JsonException || e is FormatException || e is InvalidOperationException)
            {
                return null;
            }
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

        /// <summary>
        /// True when every recorded input still has the recorded hash: files are re-hashed from disk, environment
        /// variables re-read, and the settings must be exactly the ones given now. <paramref name="disregard"/>
        /// names entries whose change does not count (the offline rule disregards the tool version).
        /// </summary>
        public static bool IsCurrent(CacheRecord record, InputTracker settingsNow, Func<string, string?> environment, Func<string, bool>? disregard = null)
        {
            foreach (var entry in record.Inputs)
            {
                if (disregard != null && disregard(entry.Key))
                    continue;
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
                if (!record.Inputs.ContainsKey(entry.Key) && !(disregard != null && disregard(entry.Key)))
                    return false;
            }
            return true;
        }

        /// <summary>Writes the record atomically: a reader never sees half a file and two writers never share a temporary file.</summary>
        public static void Write(string path, CacheRecord record) => ObjFile.Replace(path, Serialize(record));

        private static byte[] Serialize(CacheRecord record)
        {
            using var buffer = new MemoryStream();
            using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
            {
                w.WriteStartObject();
                w.WriteString("kind", Kind);
                w.WriteNumber("version", FormatVersion);
                w.WriteString("outcome", record.Outcome);
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
                foreach (var entry in record.Inputs)
                    w.WriteString(entry.Key, entry.Value);
                w.WriteEndObject();
                w.WriteEndObject();
            }
            return buffer.ToArray();
        }

        /// <summary>
        /// After a no-op: when an input was touched without its content changing, moves only the cache file's
        /// timestamp forward (its bytes stay as they are). Visual Studio's fast up-to-date check compares input
        /// timestamps with this file, and would otherwise call the project out of date on every build.
        /// <paramref name="inputList"/> (the list of inputs, when kept) counts as an input too.
        /// </summary>
        public static void KeepNewerThanInputs(string path, CacheRecord record, string? inputList = null)
        {
            try
            {
                var stamp = File.GetLastWriteTimeUtc(path);
                var files = record.Inputs.Keys
                    .Where(key => key.StartsWith("file:", StringComparison.Ordinal))
                    .Select(key => key.Substring(5));
                if (inputList != null)
                    files = files.Concat(new[] { inputList });
                foreach (var input in files)
                {
                    if (File.Exists(input) && File.GetLastWriteTimeUtc(input) > stamp)
                    {
                        File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
                        return;
                    }
                }
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                // Only the IDE's up-to-date check depends on this; the build itself is unaffected.
            }
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
