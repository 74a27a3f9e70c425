using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using ConvexAuthKit.Caching;
using ConvexAuthKit.EnvFiles;

namespace ConvexAuthKit.Evaluation
{
    /// <summary>
    /// The last evaluation's answer in obj/, with the hashes of what it depended on (the harness version, node, the
    /// bundled files outside node_modules and node_modules' own install record). A build that runs again for another
    /// reason (say .env.local changed) reuses it instead of starting Node twice. Holds names only, never a value.
    /// </summary>
    internal static class EvaluationCache
    {
        public const string FileName = "result.json";

        public static Dictionary<string, string> Key(string node, string frontendDir, IEnumerable<string> inputs)
        {
            var key = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["harness"] = EvaluationHarness.Version,
                // Node's binary is large: its size and time stand for its content (an upgrade changes both).
                ["node"] = node + "|" + Stamp(node),
            };
            foreach (var file in TrackedFiles(frontendDir, inputs))
                key["file:" + file] = InputHashes.OfFile(file);
            return key;
        }

        private static string Stamp(string file)
        {
            try
            {
                var info = new FileInfo(file);
                return info.Exists ? info.Length + "@" + info.LastWriteTimeUtc.Ticks : InputHashes.Absent;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is ArgumentException || e is NotSupportedException)
            {
                return "unreadable";
            }
        }

        /// <summary>The bundled files worth hashing: the project's own, plus node_modules' install record for everything in it.</summary>
        public static IEnumerable<string> TrackedFiles(string frontendDir, IEnumerable<string> inputs)
        {
            var separator = Path.DirectorySeparatorChar;
            var files = inputs.Where(file => file.IndexOf(separator + "node_modules" + separator, StringComparison.Ordinal) < 0
                    && file.IndexOf("/node_modules/", StringComparison.Ordinal) < 0)
                .ToList();
            files.Add(Path.Combine(frontendDir, "node_modules", ".package-lock.json"));
            files.Add(Path.Combine(frontendDir, "node_modules", "esbuild", "package.json"));
            return files.Distinct(StringComparer.Ordinal);
        }

        public static EvaluationOutcome? TryRead(string folder, string node, string frontendDir)
        {
            try
            {
                var path = Path.Combine(folder, FileName);
                if (!File.Exists(path) || new FileInfo(path).Length > 1024 * 1024)
                    return null;
                using var document = JsonDocument.Parse(File.ReadAllText(path));
                var root = document.RootElement;
                var recorded = root.GetProperty("key").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.Ordinal);
                var inputs = root.GetProperty("inputs").EnumerateArray().Select(item => item.GetString() ?? "").ToList();
                var current = Key(node, frontendDir, inputs);
                if (current.Count != recorded.Count || current.Any(entry => !recorded.TryGetValue(entry.Key, out var value) || value != entry.Value))
                    return null;
                var reads = root.GetProperty("reads").EnumerateArray().Select(item => item.GetString() ?? "").Where(name => name.Length > 0);
                var error = root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
                return EvaluationOutcome.Evaluated(reads, error, inputs);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is JsonException || e is InvalidOperationException || e is KeyNotFoundException)
            {
                return null;
            }
        }

        public static void Write(string folder, string node, string frontendDir, EvaluationOutcome outcome)
        {
            try
            {
                var buffer = new MemoryStream();
                using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
                {
                    json.WriteStartObject();
                    json.WriteStartObject("key");
                    foreach (var entry in Key(node, frontendDir, outcome.Inputs).OrderBy(entry => entry.Key, StringComparer.Ordinal))
                        json.WriteString(entry.Key, entry.Value);
                    json.WriteEndObject();
                    json.WriteStartArray("inputs");
                    foreach (var input in outcome.Inputs)
                        json.WriteStringValue(input);
                    json.WriteEndArray();
                    json.WriteStartArray("reads");
                    foreach (var name in outcome.Reads)
                        json.WriteStringValue(name);
                    json.WriteEndArray();
                    if (outcome.Detail != null)
                        json.WriteString("error", outcome.Detail);
                    json.WriteEndObject();
                }
                AtomicFileWriter.Write(Path.Combine(folder, FileName), buffer.ToArray());
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is ConvexAuthKit.Diagnostics.ConvexAuthKitException)
            {
                // Only a shortcut: without it the next build evaluates again.
            }
        }
    }
}
