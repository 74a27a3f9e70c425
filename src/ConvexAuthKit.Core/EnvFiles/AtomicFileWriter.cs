using System;
using System.IO;
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
        public static void Write(string path, byte[] bytes)
        {
            string fullPath = Path.GetFullPath(path);
            bool exists = File.Exists(fullPath);
            // Renaming over a read-only file succeeds on Unix, so honour the read-only bit explicitly.
            if (exists && (File.GetAttributes(fullPath) & FileAttributes.ReadOnly) != 0)
                throw Unwritable(fullPath, $"{fullPath} is read-only, so it was left as it is; make it writable and build again.", null);

            string tempPath = Path.Combine(Path.GetDirectoryName(fullPath)!, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
            try
            {
                using (var stream = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                {
                    stream.Write(bytes, 0, bytes.Length);
                    stream.Flush(flushToDisk: true);
                }
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
