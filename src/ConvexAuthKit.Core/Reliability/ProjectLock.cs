using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using ConvexAuthKit.Diagnostics;
using ConvexAuthKit.Files;
using Microsoft.Win32.SafeHandles;

namespace ConvexAuthKit.Reliability
{
    /// <summary>
    /// Lets one run at a time work on a project, across processes (two IDE builds, a build and `dotnet watch`):
    /// a lock file held open with an exclusive lock (flock on Unix, FileShare.None on Windows). The operating system
    /// drops the hold when the process dies, so a crashed build never leaves a lock behind; the file itself stays
    /// (deleting it on release would let a waiter lock an unlinked file while a third process locks a new one).
    /// The lock file is never opened through a symbolic link (CAK0022). A lock that cannot be created at all (a
    /// read-only disk, no permission) is not "held by another build": the run goes on at once without it and says
    /// so (CAK0021), instead of waiting out the deadline.
    /// </summary>
    public sealed class ProjectLock : IDisposable
    {
        private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

        /// <summary>Tests only: the folders tried, in order, for <see cref="UserLockFolder"/>.</summary>
        internal static readonly AsyncLocal<IReadOnlyList<string>?> UserLockFolderCandidates = new AsyncLocal<IReadOnlyList<string>?>();

        private readonly IDisposable? _hold;

        private ProjectLock(IDisposable? hold, string? notLockedReason)
        {
            _hold = hold;
            NotLockedReason = notLockedReason;
        }

        /// <summary>Why the run holds no lock (CAK0021's message), or null when it holds it.</summary>
        public string? NotLockedReason { get; }

        /// <summary>
        /// Waits up to <paramref name="maxWait"/> for the lock. Throws CAK0305 when another run still holds it then,
        /// CAK0022 when the lock path is a link or not a regular file, and <see cref="OperationCanceledException"/>
        /// when the build is cancelled meanwhile. A lock that cannot be created gives an unlocked result at once.
        /// </summary>
        public static async Task<ProjectLock> AcquireAsync(string lockFile, TimeSpan maxWait, CancellationToken ct)
        {
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                var attempt = TryOpen(lockFile);
                if (attempt.Hold != null)
                    return new ProjectLock(attempt.Hold, null);
                if (attempt.Unavailable != null)
                {
                    // Every remote step is idempotent, so an unserialized race costs a repeat, not damage.
                    return new ProjectLock(null,
                        $"The lock {lockFile} could not be created ({attempt.Unavailable}), so this build ran without it; another build of the same project or frontend at the same moment could repeat its work. Make that folder writable.");
                }
                if (waited.Elapsed >= maxWait)
                {
                    throw new ConvexAuthKitException(DiagnosticCodes.ProjectBusy,
                        $"Another build of this project has been provisioning WorkOS AuthKit for {waited.Elapsed.TotalSeconds:0} s and still holds {lockFile}; wait for it to finish (or stop it) and build again.",
                        lockFile);
                }
                await Task.Delay(PollInterval, ct).ConfigureAwait(false);
            }
        }

        /// <summary>
        /// A folder for lock files that only this user can reach (created 0700 on Unix): under $XDG_RUNTIME_DIR,
        /// else the user's cache folder, else a per-user folder in the temp folder; %LOCALAPPDATA% on Windows.
        /// Returns null, with <paramref name="unavailable"/> set, when none can be created; throws CAK0022 when the
        /// folder exists but is a link, is owned by another user, or cannot be made private.
        /// </summary>
        public static string? UserLockFolder(out string? unavailable)
        {
            unavailable = null;
            var candidates = UserLockFolderCandidates.Value ?? DefaultUserLockFolders();
            foreach (var folder in candidates)
            {
                try
                {
                    CreatePrivateFolder(folder);
                    return folder;
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is ArgumentException || e is NotSupportedException)
                {
                    unavailable = folder + ": " + InputFiles.Reason(e);
                }
            }
            unavailable ??= "no folder for per-user lock files";
            return null;
        }

        private static IReadOnlyList<string> DefaultUserLockFolders()
        {
            var folders = new List<string>();
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                var local = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
                if (!string.IsNullOrEmpty(local))
                    folders.Add(Path.Combine(local, "ConvexAuthKit", "locks"));
                return folders;
            }
            var runtime = Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR");
            if (!string.IsNullOrEmpty(runtime) && Path.IsPathRooted(runtime))
                folders.Add(Path.Combine(runtime, "ConvexAuthKit"));
            var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            var home = Environment.GetEnvironmentVariable("HOME");
            if (!string.IsNullOrEmpty(cache) && Path.IsPathRooted(cache))
                folders.Add(Path.Combine(cache, "ConvexAuthKit", "locks"));
            else if (!string.IsNullOrEmpty(home) && Path.IsPathRooted(home))
                folders.Add(Path.Combine(home, ".cache", "ConvexAuthKit", "locks"));
            // The user id in the name only avoids collisions; the ownership check is what makes it safe.
            var uid = UnixNative.Available ? UnixNative.EffectiveUserId().ToString(System.Globalization.CultureInfo.InvariantCulture) : Environment.UserName;
            folders.Add(Path.Combine(Path.GetTempPath(), "ConvexAuthKit-" + uid));
            return folders;
        }

        /// <summary>Creates the folder (its parents as usual, itself 0700) and checks that it is ours and private.</summary>
        private static void CreatePrivateFolder(string folder)
        {
            var parent = Path.GetDirectoryName(Path.GetFullPath(folder));
            if (!string.IsNullOrEmpty(parent))
                Directory.CreateDirectory(parent);
            if (!UnixNative.Available)
            {
                Directory.CreateDirectory(folder);
                return;
            }
            UnixNative.MkDir(folder, 0x1C0); // 0700
            var status = UnixNative.Stat(folder, followLinks: false);
            if (status.Kind != FileKind.Directory || status.Owner != UnixNative.EffectiveUserId())
            {
                var what = status.Kind == FileKind.Directory ? "a folder owned by another user" : InputFiles.Describe(status.Kind);
                throw new ConvexAuthKitException(DiagnosticCodes.LockPathUnsafe,
                    $"The lock folder {folder} is {what}, so another user could tamper with ConvexAuthKit's locks; remove it (ConvexAuthKit creates it again, private to you) and build again.",
                    folder);
            }
            if ((status.Permissions & 0x3F) != 0)
                UnixNative.ChMod(folder, 0x1C0);
        }

        private readonly struct Attempt
        {
            public Attempt(IDisposable? hold, string? unavailable)
            {
                Hold = hold;
                Unavailable = unavailable;
            }

            public IDisposable? Hold { get; }
            public string? Unavailable { get; }
        }

        /// <summary>The hold, or neither (held by another run), or why the lock cannot be had at all.</summary>
        private static Attempt TryOpen(string lockFile)
        {
            var fullPath = Path.GetFullPath(lockFile);
            try
            {
                var dir = Path.GetDirectoryName(fullPath);
                if (!string.IsNullOrEmpty(dir))
                    Directory.CreateDirectory(dir);
                ThrowIfUnsafe(fullPath, UnixNative.Available ? UnixNative.Stat(fullPath, followLinks: false).Kind : FilePaths.IsSymbolicLink(fullPath) ? FileKind.SymbolicLink : FileKind.Regular);
                return UnixNative.Available ? TryOpenUnix(fullPath) : TryOpenManaged(fullPath);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is ArgumentException || e is NotSupportedException)
            {
                return new Attempt(null, InputFiles.Reason(e));
            }
        }

        private static Attempt TryOpenUnix(string fullPath)
        {
            IntPtr fd;
            try
            {
                fd = UnixNative.OpenLockFile(fullPath);
            }
            catch (UnixIOException e) when (e.Errno == UnixNative.ErrorLoop)
            {
                // O_NOFOLLOW met a link that appeared after the check above.
                throw Unsafe(fullPath, FileKind.SymbolicLink);
            }
            var hold = new SafeFileHandle(fd, ownsHandle: true);
            try
            {
                var kind = UnixNative.FStat(fd).Kind;
                ThrowIfUnsafe(fullPath, kind);
                if (UnixNative.TryLockExclusive(fd))
                    return new Attempt(hold, null);
                hold.Dispose();
                return new Attempt(null, null);
            }
            catch
            {
                hold.Dispose();
                throw;
            }
        }

        private static Attempt TryOpenManaged(string fullPath)
        {
            try
            {
                return new Attempt(new FileStream(fullPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None), null);
            }
            catch (IOException e) when (IsSharingViolation(e) || !RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                // Held by another run. (Off Windows without the native calls a held lock cannot be told apart.)
                return new Attempt(null, null);
            }
        }

        private static bool IsSharingViolation(IOException e)
        {
            int code = e.HResult & 0xFFFF;
            return code == 32 || code == 33; // ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION
        }

        private static void ThrowIfUnsafe(string path, FileKind kind)
        {
            if (kind != FileKind.Missing && kind != FileKind.Regular)
                throw Unsafe(path, kind);
        }

        private static ConvexAuthKitException Unsafe(string path, FileKind kind)
            => new ConvexAuthKitException(DiagnosticCodes.LockPathUnsafe,
                $"The lock file {path} is {InputFiles.Describe(kind)}, and a lock is never opened through one (it could point anywhere); delete it (ConvexAuthKit creates the file again) and build again.",
                path);

        public void Dispose() => _hold?.Dispose();
    }
}
