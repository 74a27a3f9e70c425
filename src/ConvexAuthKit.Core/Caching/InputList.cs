using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace ConvexAuthKit.Caching
{
    /// <summary>
    /// The obj/ item file naming every file the cache depends on (read, or looked for and not found), one absolute
    /// path per line, sorted. The targets read it for Visual Studio's fast up-to-date check; MSBuild can compare it
    /// with the cache by timestamp. Rewritten only when the list changes, so its timestamp means "the list changed".
    /// </summary>
    public static class InputList
    {
        /// <summary>The recorded files of a cache record, in ordinal order, without duplicates.</summary>
        public static IReadOnlyList<string> Files(CacheRecord record) =>
            record.Files
                .Select(f => f.Path)
                .Distinct(StringComparer.Ordinal)
                .OrderBy(p => p, StringComparer.Ordinal)
                .ToList();

        public static string Render(CacheRecord record)
        {
            var text = new StringBuilder();
            foreach (var file in Files(record))
                text.Append(file).Append('\n');
            return text.ToString();
        }

        /// <summary>
        /// Writes the list for <paramref name="record"/> unless the file already holds exactly that text; true when it
        /// wrote. Best effort: when it cannot write, it deletes a stale list (the targets then fall back to their
        /// evaluation-time guess) and never fails the run.
        /// </summary>
        public static bool WriteIfChanged(string path, CacheRecord record)
        {
            var text = Render(record);
            try
            {
                return ObjFile.WriteTextIfDifferent(path, text);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is ArgumentException || e is NotSupportedException)
            {
                try
                {
                    // Another build of the project may just have written the same list; only a stale one goes.
                    if (File.Exists(path) && !string.Equals(File.ReadAllText(path), text, StringComparison.Ordinal))
                        File.Delete(path);
                }
                catch (Exception inner) when (inner is IOException || inner is UnauthorizedAccessException)
                {
                }
                return false;
            }
        }
    }
}
