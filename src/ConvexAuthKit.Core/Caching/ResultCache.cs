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
        public static CacheRecord? Read(string path)
        {
            try
            {
                if (!File.Exists(path))
                    return null;
                using var doc = JsonDocument.Parse(InputFiles.ReadAllText(path, 16 * 1024 * 1024));
                return CacheSchema.Deserialize(doc.RootElement);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is JsonException || e is FormatException || e is InvalidOperationException)
            {
                return null;
            }
        }

        /// <summary>
        /// True when every recorded input still has the recorded hash: files are re-hashed from disk, environment
        /// variables re-read, and the settings must be exactly the ones given now. <paramref name="disregard"/>
        /// names inputs whose change does not count (the offline rule disregards the tool version).
        /// </summary>
        public static bool IsCurrent(CacheRecord record, IReadOnlyDictionary<string, SettingInput> settingsNow, Func<string, string?> environment, Func<CacheInput, bool>? disregard = null)
        {
            foreach (var input in record.Inputs)
            {
                if (disregard != null && disregard(input))
                    continue;
                string now;
                switch (input)
                {
                    case FileInput file:
                        now = InputHashes.OfFile(file.Path);
                        break;
                    case EnvInput env:
                        now = InputHashes.OfValue(environment(env.Name));
                        break;
                    case SettingInput setting when settingsNow.TryGetValue(setting.Name, out var current):
                        now = current.Hash;
                        break;
                    default:
                        return false;
                }
                if (!string.Equals(now, input.Hash, StringComparison.Ordinal))
                    return false;
            }
            // A setting given now that the record does not know also means a change.
            var recorded = new HashSet<string>(record.Inputs.OfType<SettingInput>().Select(s => s.Name), StringComparer.Ordinal);
            foreach (var setting in settingsNow.Values)
            {
                if (!recorded.Contains(setting.Name) && !(disregard != null && disregard(setting)))
                    return false;
            }
            return true;
        }

        /// <summary>Writes the record atomically: a reader never sees half a file and two writers never share a temporary file.</summary>
        public static void Write(string path, CacheRecord record) => ObjFile.Replace(path, CacheSchema.Serialize(record));

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
                var files = record.Files.Select(f => f.Path);
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
