using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;

namespace ConvexAuthKit.Files
{
    /// <summary>Where a path really leads once every symbolic link on it is followed (what realpath(3) answers).</summary>
    internal static class FilePaths
    {
        /// <summary>More links than this on one path is a loop (Linux gives up at 40 too).</summary>
        private const int MaxLinks = 40;

        // FileSystemInfo.LinkTarget exists from .NET 6; netstandard2.0 reaches it by reflection. Without it
        // (.NET Framework, where links are rare) paths are taken as they are.
        private static readonly PropertyInfo? LinkTargetProperty = typeof(FileSystemInfo).GetProperty("LinkTarget");

        /// <summary>The link's own target text when <paramref name="path"/> is a symbolic link (or junction), else null.</summary>
        public static string? LinkTarget(string path)
        {
            if (LinkTargetProperty == null)
                return null;
            try
            {
                return (string?)LinkTargetProperty.GetValue(new FileInfo(path));
            }
            catch (TargetInvocationException e) when (e.InnerException is IOException || e.InnerException is UnauthorizedAccessException)
            {
                return null;
            }
        }

        public static bool IsSymbolicLink(string path) => LinkTarget(path) != null;

        /// <summary>
        /// The full path with every link on it resolved, component by component; a part that does not exist is
        /// kept as written. A loop, or a runtime that cannot read links, gives the full path unresolved.
        /// </summary>
        public static string Resolve(string path)
        {
            string full = Path.GetFullPath(path);
            if (LinkTargetProperty == null)
                return full;
            string root = Path.GetPathRoot(full) ?? "";
            var pending = new LinkedList<string>(Split(full.Substring(root.Length)));
            string current = root;
            int links = 0;
            while (pending.Count > 0)
            {
                string part = pending.First!.Value;
                pending.RemoveFirst();
                if (part == ".")
                    continue;
                if (part == "..")
                {
                    current = Path.GetDirectoryName(current) ?? current;
                    continue;
                }
                string next = Path.Combine(current, part);
                string? target = LinkTarget(next);
                if (target == null)
                {
                    current = next;
                    continue;
                }
                if (++links > MaxLinks)
                    return full;
                // The link's text replaces it: an absolute target starts again from its root, a relative one from the link's folder.
                string resolved = Path.IsPathRooted(target) ? target : Path.Combine(current, target);
                string resolvedRoot = Path.GetPathRoot(resolved) ?? "";
                var parts = Split(resolved.Substring(resolvedRoot.Length));
                for (int i = parts.Length - 1; i >= 0; i--)
                    pending.AddFirst(parts[i]);
                current = resolvedRoot;
            }
            return current;
        }

        private static string[] Split(string relative)
            => relative.Split(new[] { Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar }, StringSplitOptions.RemoveEmptyEntries);
    }
}
