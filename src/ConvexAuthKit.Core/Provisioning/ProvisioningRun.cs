using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ConvexAuthKit.Caching;
using ConvexAuthKit.Diagnostics;
using ConvexAuthKit.EnvFiles;
using ConvexAuthKit.Files;
using ConvexAuthKit.Inspection;
using ConvexAuthKit.Options;
using ConvexAuthKit.Reliability;

namespace ConvexAuthKit.Provisioning
{
    /// <summary>
    /// A provisioning run behind the obj/ cache and the project lock: one run per project at a time; when every
    /// recorded input is unchanged the run is skipped (no request, no file written); otherwise it runs within the
    /// run deadline, and its outcome is recorded: a success as the new result, an unfinished run as where it
    /// stopped (so the next build runs in full and finishes the job). Every failure becomes one coded error;
    /// nothing escapes as an unhandled exception except the build's own cancellation.
    /// </summary>
    public static class ProvisioningRun
    {
        /// <summary>A waiting build gives the one holding the lock its whole deadline, and a little more.</summary>
        private static readonly TimeSpan LockWaitMargin = TimeSpan.FromSeconds(5);

        /// <summary>Marks a run under way; a run killed before it finished leaves this behind.</summary>
        private static readonly StoppedRun Interrupted = new StoppedRun("interrupted", null, Array.Empty<string>());

        /// <param name="inputListFile">
        /// Where to keep the list of files the cache depends on (<see cref="InputList"/>); null keeps none. Only with a cache.
        /// </param>
        /// <param name="successMarkerFile">
        /// The target's output (<see cref="SuccessMarker"/>): touched after a success, deleted when a run starts. Only with an input list.
        /// </param>
        public static async Task<RunStatus> ExecuteAsync(ProvisioningOptions options, string? cacheFile, bool force, IReporter reporter, CancellationToken ct,
            string? inputListFile = null, string? successMarkerFile = null)
        {
            // Read-only runs neither trust nor write the cache: they report the state as it is now.
            if (options.Mode != ProvisioningMode.Apply)
            {
                cacheFile = null;
                force = true;
            }
            if (cacheFile == null)
                inputListFile = null;
            if (inputListFile == null)
                successMarkerFile = null;

            // The common case, nothing changed, needs no lock: the cache is replaced atomically, so reading it
            // unlocked sees a whole record. Anything else is decided again under the locks.
            if (!force && cacheFile != null && IsCurrentSuccess(ResultCache.Read(cacheFile), options, out var current))
                return Skipped(current!, cacheFile, inputListFile, successMarkerFile, reporter);

            ProjectLock? projectLock = null;
            ProjectLock? frontendLock = null;
            try
            {
                if (cacheFile != null)
                {
                    var wait = options.Http.RunDeadline + LockWaitMargin;
                    projectLock = await ProjectLock.AcquireAsync(cacheFile + ".lock", wait, ct).ConfigureAwait(false);
                    WarnIfUnlocked(projectLock, cacheFile + ".lock", reporter);
                    // Projects that share one frontend folder (two hosts of one ClientApp, `dotnet build -m` of a
                    // solution, or one reaching it through a link) each have their own obj/, so they also queue on
                    // a lock named after the folder's resolved path, in a folder private to the user.
                    var shared = FrontendLockFile(options, out var unavailable);
                    if (shared != null)
                    {
                        frontendLock = await ProjectLock.AcquireAsync(shared, wait, ct).ConfigureAwait(false);
                        WarnIfUnlocked(frontendLock, shared, reporter);
                    }
                    else if (unavailable != null)
                    {
                        reporter.Warning(DiagnosticCodes.LockUnavailable,
                            $"No per-user folder for the frontend's lock could be created ({unavailable}), so this build ran without it; builds of other projects sharing this frontend at the same moment could repeat its work. Make your user cache folder (~/.cache, or %LOCALAPPDATA% on Windows) writable.");
                    }
                }
                var status = await RunLockedAsync(options, cacheFile, inputListFile, successMarkerFile, force, reporter, ct).ConfigureAwait(false);
                if (status != RunStatus.Succeeded && status != RunStatus.SkippedFromCache)
                    SuccessMarker.Delete(successMarkerFile);
                return status;
            }
            catch (ConvexAuthKitException e)
            {
                SuccessMarker.Delete(successMarkerFile);
                reporter.Error(e.Code, e.Message, e.File, e.Line);
                return RunStatus.Failed;
            }
            finally
            {
                frontendLock?.Dispose();
                projectLock?.Dispose();
            }
        }

        /// <summary>
        /// Whether a normal (Apply) build with these options would be a no-op from the cache, for the status target.
        /// </summary>
        public static bool WouldSkipFromCache(ProvisioningOptions options, string cacheFile) =>
            IsCurrentSuccess(ResultCache.Read(cacheFile), options, out _, ProvisioningMode.Apply);

        private static bool IsCurrentSuccess(CacheRecord? record, ProvisioningOptions options, out CacheRecord? current, ProvisioningMode? mode = null)
        {
            current = record != null && record.HasSuccess && record.Stopped == null
                && ResultCache.IsCurrent(record, RunSettings.ByName(options, mode), options.Environment) ? record : null;
            return current != null;
        }

        private static RunStatus Skipped(CacheRecord record, string cacheFile, string? inputListFile, string? successMarkerFile, IReporter reporter)
        {
            reporter.Message(Importance.Low, $"ConvexAuthKit: inputs unchanged since the last build, nothing to do ({record.Summary}).");
            // A cache written before the list existed (or a deleted list) gets its list without a full run.
            if (inputListFile != null)
                InputList.WriteIfChanged(inputListFile, record);
            ResultCache.KeepNewerThanInputs(cacheFile, record, inputListFile);
            // Last: newer than the list and every input, so the next build can skip the target without loading the task.
            if (successMarkerFile != null)
                SuccessMarker.Write(successMarkerFile, record);
            return RunStatus.SkippedFromCache;
        }

        private static void WarnIfUnlocked(ProjectLock held, string lockFile, IReporter reporter)
        {
            if (held.NotLockedReason != null)
                reporter.Warning(DiagnosticCodes.LockUnavailable, held.NotLockedReason, lockFile);
        }

        /// <summary>
        /// The frontend's lock file: in the user's private lock folder, named after the frontend folder's path with
        /// every link resolved (two projects reaching one folder through a link share one lock). Null when the
        /// folder cannot be found (the run reports that) or, with <paramref name="unavailable"/> set, when no lock
        /// folder can be created. A lock folder that is not private is CAK0022.
        /// </summary>
        private static string? FrontendLockFile(ProvisioningOptions options, out string? unavailable)
        {
            unavailable = null;
            string resolved;
            try
            {
                var frontend = FrontendLocator.Locate(options.ProjectDir, options.FrontendDir);
                resolved = FilePaths.Resolve(frontend).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
            }
            catch (Exception e) when (e is ConvexAuthKitException || e is ArgumentException || e is NotSupportedException
                || e is IOException || e is UnauthorizedAccessException || e is System.Security.SecurityException)
            {
                return null;
            }
            var folder = ProjectLock.UserLockFolder(out unavailable);
            if (folder == null)
                return null;
            var key = InputHashes.OfValue(resolved.ToLowerInvariant()).Substring(0, 24);
            return Path.Combine(folder, "frontend-" + key + ".lock");
        }

        private static async Task<RunStatus> RunLockedAsync(ProvisioningOptions options, string? cacheFile, string? inputListFile, string? successMarkerFile, bool force,
            IReporter reporter, CancellationToken ct)
        {
            // Read after taking the lock: a build that held it may just have done the work.
            var last = cacheFile == null ? null : ResultCache.Read(cacheFile);
            if (!force && IsCurrentSuccess(last, options, out _))
                return Skipped(last!, cacheFile!, inputListFile, successMarkerFile, reporter);
            if (last?.Stopped != null)
                reporter.Message(Importance.Normal, $"ConvexAuthKit: the last build stopped {last.Stopped.Describe()}; this build finishes the job.");

            // Gone while the run may change things: a run killed from here on leaves no marker, so the next build runs the task.
            SuccessMarker.Delete(successMarkerFile);
            Record(cacheFile, (last ?? CacheRecord.OnlyStopped(Interrupted)).WithStopped(Interrupted));
            var progress = RunProgress.StartTracking();
            var provisioner = new AuthKitProvisioner(options, reporter);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(Api.HttpPolicy.ForCancelAfter(options.Http.RunDeadline));
            ConvexAuthKitException failure;
            try
            {
                var result = await provisioner.RunAsync(deadline.Token).ConfigureAwait(false);
                var importance = result.Effect == RunEffect.Changed || result.Effect == RunEffect.Planned ? Importance.High
                    : result.Effect == RunEffect.NothingToDo ? Importance.Low
                    : Importance.Normal;
                reporter.Message(importance, "ConvexAuthKit: " + result.Summary);
                var record = new CacheRecord(result.Inputs, result.Effect.ToString(), result.Summary);
                // Before the cache, so the cache is never older than the list that describes it.
                if (inputListFile != null)
                    InputList.WriteIfChanged(inputListFile, record);
                Record(cacheFile, record);
                if (options.Mode == ProvisioningMode.Apply)
                    AfterSuccess(result, provisioner, reporter);
                // After every file the run wrote (.env.local, the list, the cache), so it is the newest of them.
                if (successMarkerFile != null)
                    SuccessMarker.Write(successMarkerFile, record);
                return RunStatus.Succeeded;
            }
            catch (ConvexAuthKitException e)
            {
                failure = e;
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested && deadline.IsCancellationRequested)
            {
                failure = new ConvexAuthKitException(DiagnosticCodes.RunDeadlineExceeded,
                    $"ConvexAuthKit did not finish within {options.Http.RunDeadline.TotalSeconds:0} s{Where(progress)}; nothing was left half-written, and the next build finishes the job. Check your connection, or raise ConvexAuthKitTimeout.");
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                Record(cacheFile, (last ?? CacheRecord.OnlyStopped(Interrupted)).WithStopped(StoppedHere("cancelled", progress)));
                throw;
            }
            catch (Exception e)
            {
                // A bug of ours: still one coded error, never MSB4018, and no secret (the type and message are scrubbed).
                failure = new ConvexAuthKitException(DiagnosticCodes.InternalError,
                    $"ConvexAuthKit failed unexpectedly ({e.GetType().Name}: {e.Message}); please report it, and set ConvexAuthKitEnabled=false to build without it meanwhile.");
            }

            if (cacheFile != null && OfflineFallback.Applies(failure.Code, last, options))
            {
                // The last result still describes every input, so the files are as that run left them: build on.
                Record(cacheFile, last!);
                reporter.Warning(DiagnosticCodes.OfflineUsedLastResult, provisioner.Scrubber.Scrub(
                    $"ConvexAuthKit could not reach the services ({failure.Code}: {failure.Message}); the last successful result still matches every input, so the build goes on with it ({last!.Summary}). The next build that needs the services checks again."));
                return RunStatus.UsedLastResultOffline;
            }

            Record(cacheFile, (last ?? CacheRecord.OnlyStopped(Interrupted)).WithStopped(StoppedHere(failure.Code, progress)));
            reporter.Error(failure.Code, provisioner.Scrubber.Scrub(failure.Message), failure.File, failure.Line);
            return RunStatus.Failed;
        }

        private static StoppedRun StoppedHere(string code, RunProgress progress) =>
            new StoppedRun(code, progress.StoppedAt, progress.Completed);

        private static string Where(RunProgress progress) =>
            progress.StoppedAt == null ? "" : $" (it was waiting for {progress.StoppedAt})";

        /// <summary>
        /// Writes the cache; if that fails the file is deleted instead, which also makes the next build run in full.
        /// A cache that can be neither written nor deleted is re-validated against its inputs anyway.
        /// </summary>
        private static void Record(string? cacheFile, CacheRecord record)
        {
            if (cacheFile == null)
                return;
            try
            {
                ResultCache.Write(cacheFile, record);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                try
                {
                    ResultCache.Delete(cacheFile);
                }
                catch (Exception inner) when (inner is IOException || inner is UnauthorizedAccessException)
                {
                }
            }
        }

        /// <summary>
        /// Housekeeping after a successful Apply run (never in read-only modes): temp files a killed save left, and the
        /// git-ignore warning. Best effort: nothing here may turn the recorded success into a failure.
        /// </summary>
        private static void AfterSuccess(ProvisioningResult result, AuthKitProvisioner provisioner, IReporter reporter)
        {
            try
            {
                CleanUpAndWarn(result, provisioner, reporter);
            }
            catch (Exception e)
            {
                reporter.Message(Importance.Low, $"ConvexAuthKit: housekeeping after the run failed ({e.GetType().Name}); the next run tries again.");
            }
        }

        private static void CleanUpAndWarn(ProvisioningResult result, AuthKitProvisioner provisioner, IReporter reporter)
        {
            var envLocal = result.EnvLocalFile;
            if (envLocal == null)
                return;
            try
            {
                AtomicFileWriter.DeleteLeftovers(envLocal);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                // Best effort: the next successful run tries again.
            }
            if (result.Effect == RunEffect.Changed && File.Exists(envLocal))
                GitIgnoreCheck.WarnIfNotIgnored(envLocal, new ScrubbingReporter(reporter, provisioner.Scrubber));
        }
    }
}
