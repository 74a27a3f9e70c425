using System;
using System.IO;
using System.Threading;
using ConvexAuthKit.Diagnostics;

namespace ConvexAuthKit.EnvFiles
{
    /// <summary>
    /// Replaces a file's content all at once: the new bytes go to a temporary file in the same folder, are flushed
    /// to disk, and the temporary file then takes the original's place, so a crash or a full disk never leaves a
    /// half-written file. The original's permissions are kept. Failures are CAK0005 and leave no temporary file.
    /// </summary>
    internal static class AtomicFileWriter
    {
        /// <summary>
        /// Tests only: runs after the temporary file is complete and before it replaces the original, so a test can
        /// stop the protocol where a killed process would stop. Async-local, so parallel tests never see each other's.
        /// </summary>
        internal static readonly AsyncLocal<Action<string>?> BeforeReplace = new AsyncLocal<Action<string>?>();

        public static void Write(string path, byte[] bytes)
        {
            string fullPath = Path.GetFullPath(path);
            bool exists = File.Exists(fullPath);
            ThrowIfReadOnly(fullPath);

            string tempPath = Path.Combine(Path.GetDirectoryName(fullPath)!, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
            try
            {
                using (var stream = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                {
                    stream.Write(bytes, 0, bytes.Length);
                    stream.Flush(flushToDisk: true);
                }
                BeforeReplace.Value?.Invoke(tempPath);
                if (exists)
                {
                    UnixFilePermissions.Copy(fullPath, tempPath);
                    File.Replace(tempPath, fullPath, destinationBackupFileName: null);
                }
                else
                {
                    File.Move(tempPath, fullPath);
                }
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                TryDelete(tempPath);
                throw Unwritable(fullPath, $"{fullPath} could not be saved; make sure it and its folder are writable and no other program has the file locked.", e);
            }
        }

        /// <summary>CAK0005 when the file exists and is read-only. Renaming over a read-only file succeeds on Unix, so the bit is checked explicitly.</summary>
        public static void ThrowIfReadOnly(string path)
        {
            string fullPath = Path.GetFullPath(path);
            if (File.Exists(fullPath) && (File.GetAttributes(fullPath) & FileAttributes.ReadOnly) != 0)
                throw Unwritable(fullPath, $"{fullPath} is read-only, so it was left as it is; make it writable and build again.", null);
        }

        /// <summary>
        /// Deletes temporary files a killed process left beside <paramref name="path"/> (they may hold secrets).
        /// Only files older than a minute: a younger one may belong to a save under way.
        /// </summary>
        public static int DeleteLeftovers(string path)
        {
            string fullPath = Path.GetFullPath(path);
            string? dir = Path.GetDirectoryName(fullPath);
            if (dir == null || !Directory.Exists(dir))
                return 0;
            int deleted = 0;
            foreach (string leftover in Directory.EnumerateFiles(dir, $".{Path.GetFileName(fullPath)}.*.tmp"))
            {
                if (File.GetLastWriteTimeUtc(leftover) > DateTime.UtcNow.AddMinutes(-1))
                    continue;
                TryDelete(leftover);
                deleted += File.Exists(leftover) ? 0 : 1;
            }
            return deleted;
        }

        private static void TryDelete(string path)
        {
            try
            {
                File.Delete(path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                // Best effort: the original error is the one worth reporting.
            }
        }

        private static ConvexAuthKitException Unwritable(string path, string message, Exception? inner)
            => new ConvexAuthKitException(DiagnosticCodes.EnvFileUnwritable, message, path, 0, inner);
    }
}
