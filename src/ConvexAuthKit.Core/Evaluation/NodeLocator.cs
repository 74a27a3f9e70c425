using System;
using System.IO;
using System.Runtime.InteropServices;

namespace ConvexAuthKit.Evaluation
{
    /// <summary>Finds the <c>node</c> executable on a PATH, the way a shell would.</summary>
    internal static class NodeLocator
    {
        /// <summary>The full path of node on <paramref name="path"/> (the build's PATH), or null.</summary>
        public static string? Find(string? path)
        {
            if (string.IsNullOrEmpty(path))
                return null;
            var isWindows = RuntimeInformation.IsOSPlatform(OSPlatform.Windows);
            var names = isWindows ? new[] { "node.exe" } : new[] { "node" };
            foreach (var directory in path!.Split(Path.PathSeparator))
            {
                var folder = directory.Trim().Trim('"');
                if (folder.Length == 0)
                    continue;
                foreach (var name in names)
                {
                    try
                    {
                        var candidate = Path.Combine(folder, name);
                        if (File.Exists(candidate))
                            return Path.GetFullPath(candidate);
                    }
                    catch (Exception e) when (e is ArgumentException || e is NotSupportedException || e is PathTooLongException || e is IOException || e is UnauthorizedAccessException)
                    {
                        // A malformed PATH entry is skipped, as a shell skips it.
                    }
                }
            }
            return null;
        }
    }
}
