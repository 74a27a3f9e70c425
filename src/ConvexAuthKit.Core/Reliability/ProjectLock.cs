using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using ConvexAuthKit.Diagnostics;

namespace ConvexAuthKit.Reliability
{
    /// <summary>
    /// Lets one run at a time work on a project, across processes (two IDE builds, a build and `dotnet watch`):
    /// a lock file under obj/ held open with FileShare.None. The operating system drops the hold when the process
    /// dies, so a crashed build never leaves a lock behind; the file itself stays (deleting it on release would let
    /// a waiter lock an unlinked file while a third process locks a new one).
    /// </summary>
    public sealed class ProjectLock : IDisposable
    {
        private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

        private readonly FileStream? _hold;

        private ProjectLock(FileStream? hold) => _hold = hold;

        /// <summary>
        /// Waits up to <paramref name="maxWait"/> for the lock. Throws CAK0305 when another run still holds it then,
        /// and <see cref="OperationCanceledException"/> when the build is cancelled meanwhile.
        /// </summary>
        public static async Task<ProjectLock> AcquireAsync(string lockFile, TimeSpan maxWait, CancellationToken ct)
        {
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                FileStream? hold;
                try
                {
                    hold = TryOpen(lockFile);
                }
                catch (Exception e) when (e is UnauthorizedAccessException || e is IOException)
                {
                    // obj/ is not writable (or its folder cannot be created; TryOpen turns a held lock into null, not an
                    // IOException): run unlocked; every remote step is idempotent, so a race costs a repeat, not damage.
                    return new ProjectLock(null);
                }
                if (hold != null)
                    return new ProjectLock(hold);
                if (waited.Elapsed >= maxWait)
                {
                    throw new ConvexAuthKitException(DiagnosticCodes.ProjectBusy,
                        $"Another build of this project has been provisioning WorkOS AuthKit for {waited.Elapsed.TotalSeconds:0} s and still holds {lockFile}; wait for it to finish (or stop it) and build again.",
                        lockFile);
                }
                await Task.Delay(PollInterval, ct).ConfigureAwait(false);
            }
        }

        private static FileStream? TryOpen(string lockFile)
        {
            var dir = Path.GetDirectoryName(Path.GetFullPath(lockFile));
            if (!string.IsNullOrEmpty(dir))
                Directory.CreateDirectory(dir);
            try
            {
                return new FileStream(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                // Held by another run (a sharing violation).
                return null;
            }
        }

        public void Dispose() => _hold?.Dispose();
    }
}
