using System;
using System.IO;
using System.Threading;
using ConvexAuthKit.Diagnostics;
using ConvexAuthKit.Files;

namespace ConvexAuthKit.EnvFiles
{
    /// <summary>
    /// Replaces a file's content all at once: the new bytes go to a temporary file in the same folder, are flushed
    /// to disk, and the temporary file then takes the original's place, so a crash or a full disk never leaves a
    /// half-written file. A symbolic link is written through, as the Convex CLI does: its final target is the file
    /// replaced (the temporary file sits beside the target) and the link stays a link. On Unix the temporary file
    /// is created already carrying the original's permissions (0600 stays 0600), before its first byte, so a
    /// secret never sits in a file more open than the one it replaces. A named pipe or device is never replaced
    /// (CAK0020). Other failures are CAK0005 and leave no temporary file.
    /// </summary>
    internal static class AtomicFileWriter
    {
        /// <summary>
        /// Tests only: runs after the temporary file is complete and before it replaces the original, so a test can
        /// stop the protocol where a killed process would stop. Async-local, so parallel tests never see each other's.
        /// </summary>
        internal static readonly AsyncLocal<Action<string>?> BeforeReplace = new AsyncLocal<Action<string>?>();

        /// <summary>Tests only: runs once the temporary file exists and before its first byte is written.</summary>
        internal static readonly AsyncLocal<Action<string>?> BeforeFirstByte = new AsyncLocal<Action<string>?>();

        /// <summary>Mode of a new file when there is no original: what Node's writeFileSync asks for, less the umask.</summary>
        private const int NewFileMode = 0x1B6; // 0666

        public static void Write(string path, byte[] bytes)
        {
            string fullPath = Path.GetFullPath(path);
            string target = TargetOf(fullPath);
            FileKind kind;
            try
            {
                kind = InputFiles.KindOf(target);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw Unwritable(fullPath, $"{fullPath} could not be saved ({InputFiles.Reason(e)}); make sure it and its folder are readable and writable.", e);
            }
            if (kind != FileKind.Missing && kind != FileKind.Regular && kind != FileKind.Directory)
                throw InputFiles.NotRegular(fullPath, kind);
            bool exists = kind != FileKind.Missing;
            ThrowIfReadOnly(target);

            string tempPath = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
            try
            {
                if (UnixNative.Available)
                    WriteTempUnix(tempPath, bytes, exists ? UnixNative.Stat(target, followLinks: true).Permissions : (int?)null);
                else
                    WriteTempManaged(tempPath, bytes, exists ? target : null);
                BeforeReplace.Value?.Invoke(tempPath);
                if (exists)
                    File.Replace(tempPath, target, destinationBackupFileName: null);
                else
                    File.Move(tempPath, target);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                TryDelete(tempPath);
                throw Unwritable(fullPath, $"{fullPath} could not be saved ({InputFiles.Reason(e)}); make sure it and its folder are writable and no other program has the file locked.", e);
            }
        }

        /// <summary>
        /// The file a write to <paramref name="fullPath"/> lands in: the path itself, or where the link at it finally leads.
        /// </summary>
        internal static string TargetOf(string fullPath)
            => FilePaths.IsSymbolicLink(fullPath) ? FilePaths.Resolve(fullPath) : fullPath;

        /// <summary>
        /// Creates the temporary file with its final mode (the original's, or 0666 less the umask for a new file)
        /// before any byte lands in it, then writes and flushes it.
        /// </summary>
        private static void WriteTempUnix(string tempPath, byte[] bytes, int? originalMode)
        {
            IntPtr fd = originalMode.HasValue
                ? UnixNative.CreateExclusive(tempPath, originalMode.Value)
                : UnixNative.CreateExclusive(tempPath, NewFileMode, exactMode: false);
            try
            {
                BeforeFirstByte.Value?.Invoke(tempPath);
                UnixNative.WriteAll(fd, bytes, tempPath);
                UnixNative.FSync(fd, tempPath);
            }
            finally
            {
                UnixNative.Close(fd);
            }
        }

        /// <summary>Windows (File.Replace keeps the original's attributes and ACL) and runtimes without the Unix calls.</summary>
        private static void WriteTempManaged(string tempPath, byte[] bytes, string? original)
        {
            using var stream = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            // Still empty: the original's mode is copied before the first byte.
            if (original != null)
                UnixFilePermissions.Copy(original, tempPath);
            BeforeFirstByte.Value?.Invoke(tempPath);
            stream.Write(bytes, 0, bytes.Length);
            stream.Flush(flushToDisk: true);
        }

        /// <summary>CAK0005 when the file exists and is read-only. Renaming over a read-only file succeeds on Unix, so the bit is checked explicitly.</summary>
        public static void ThrowIfReadOnly(string path)
        {
            string fullPath = TargetOf(Path.GetFullPath(path));
            bool readOnly;
            try
            {
                readOnly = File.Exists(fullPath) && (File.GetAttributes(fullPath) & FileAttributes.ReadOnly) != 0;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw Unwritable(fullPath, $"{fullPath} could not be checked ({InputFiles.Reason(e)}); make sure the build can read it and its folder.", e);
            }
            if (readOnly)
                throw Unwritable(fullPath, $"{fullPath} is read-only, so it was left as it is; make it writable and build again.", null);
        }

        /// <summary>
        /// Deletes temporary files a killed process left beside <paramref name="path"/> (they may hold secrets).
        /// Only files older than a minute: a younger one may belong to a save under way.
        /// </summary>
        public static int DeleteLeftovers(string path)
        {
            string fullPath = TargetOf(Path.GetFullPath(path));
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
