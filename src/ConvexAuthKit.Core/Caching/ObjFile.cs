using System;
using System.IO;
using System.Text;

namespace ConvexAuthKit.Caching
{
    /// <summary>
    /// Writes the small files under obj/ (cache, input list, success marker) atomically: a unique temporary file beside
    /// the target, then a replace, so a concurrent reader (another build, a design-time build) never sees half a file.
    /// </summary>
    internal static class ObjFile
    {
        /// <summary>Writes <paramref name="text"/> (UTF-8, no BOM) unless the file already holds exactly it; true when it wrote.</summary>
        public static bool WriteTextIfDifferent(string path, string text)
        {
            if (File.Exists(path) && string.Equals(File.ReadAllText(path), text, StringComparison.Ordinal))
                return false;
            Replace(path, new UTF8Encoding(false).GetBytes(text));
            return true;
        }

        public static void Replace(string path, byte[] bytes)
        {
            var full = Path.GetFullPath(path);
            var dir = Path.GetDirectoryName(full)!;
            Directory.CreateDirectory(dir);
            var tmp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
            try
            {
                File.WriteAllBytes(tmp, bytes);
                if (File.Exists(full))
                    File.Replace(tmp, full, destinationBackupFileName: null);
                else
                    File.Move(tmp, full);
            }
            finally
            {
                if (File.Exists(tmp))
                    File.Delete(tmp);
            }
        }
    }
}
