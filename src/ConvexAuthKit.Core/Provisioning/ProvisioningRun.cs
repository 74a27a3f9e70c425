using System;
using System.Threading;
using System.Threading.Tasks;
using ConvexAuthKit.Caching;
using ConvexAuthKit.Diagnostics;

namespace ConvexAuthKit.Provisioning
{
    public enum RunStatus { Succeeded, SkippedFromCache, Failed }

    /// <summary>
    /// A provisioning run behind the obj/ cache: when every recorded input is unchanged the run is skipped
    /// (no request, no file written); otherwise it runs, and a successful outcome is recorded.
    /// Every failure becomes one coded error; nothing escapes as an unhandled exception.
    /// </summary>
    public static class ProvisioningRun
    {
        public static async Task<RunStatus> ExecuteAsync(ProvisioningOptions options, string? cacheFile, bool force, IReporter reporter, CancellationToken ct)
        {
            // Read-only runs neither trust nor write the cache: they report the state as it is now.
            if (options.Mode != ProvisioningMode.Apply)
            {
                cacheFile = null;
                force = true;
            }
            if (!force && cacheFile != null)
            {
                var record = ResultCache.Read(cacheFile);
                if (record != null && ResultCache.IsCurrent(record, options.SettingsFingerprint(), options.Environment))
                {
                    reporter.Message(Importance.Low, $"ConvexAuthKit: inputs unchanged since the last build, nothing to do ({record.Summary}).");
                    return RunStatus.SkippedFromCache;
                }
            }

            var provisioner = new AuthKitProvisioner(options, reporter);
            try
            {
                var result = await provisioner.RunAsync(ct).ConfigureAwait(false);
                var importance = result.Outcome == Outcome.Changed || result.Outcome == Outcome.Planned ? Importance.High
                    : result.Outcome == Outcome.NothingToDo ? Importance.Low
                    : Importance.Normal;
                reporter.Message(importance, "ConvexAuthKit: " + result.Summary);
                if (cacheFile != null)
                    ResultCache.Write(cacheFile, new CacheRecord(result.Inputs, result.Outcome.ToString(), result.Summary));
                return RunStatus.Succeeded;
            }
            catch (ConvexAuthKitException e)
            {
                Forget(cacheFile);
                reporter.Error(e.Code, provisioner.Scrubber.Scrub(e.Message), e.File, e.Line);
                return RunStatus.Failed;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                Forget(cacheFile);
                throw;
            }
            catch (Exception e)
            {
                // A bug of ours: still one coded error, never MSB4018, and no secret (the type and message are scrubbed).
                Forget(cacheFile);
                reporter.Error(DiagnosticCodes.InternalError,
                    provisioner.Scrubber.Scrub($"ConvexAuthKit failed unexpectedly ({e.GetType().Name}: {e.Message}); please report it, and set ConvexAuthKitEnabled=false to build without it meanwhile."));
                return RunStatus.Failed;
            }
        }

        private static void Forget(string? cacheFile)
        {
            try
            {
                if (cacheFile != null)
                    ResultCache.Delete(cacheFile);
            }
            catch (Exception e) when (e is System.IO.IOException || e is UnauthorizedAccessException)
            {
                // A stale cache is re-validated against its inputs anyway.
            }
        }
    }
}
