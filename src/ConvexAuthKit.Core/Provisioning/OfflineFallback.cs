using ConvexAuthKit.Inspection;
using ConvexAuthKit.Options;
using ConvexAuthKit.Caching;
using ConvexAuthKit.Diagnostics;

namespace ConvexAuthKit.Provisioning
{
    /// <summary>
    /// The rule for building on while offline (docs/reliability.md, "Offline with a valid cache"): a run that
    /// failed only because no service answered (CAK0301 unreachable, CAK0302 timed out, CAK0303 out of time)
    /// is a warning instead of an error when the obj/ cache holds a successful result whose every recorded input
    /// (files by content, environment variables, settings, except the tool's own version) is still what it is now.
    /// Any answer a service did give (401, 404, 500, ...) and any local problem stays an error.
    /// </summary>
    public static class OfflineFallback
    {
        public static bool IsUnreachable(string code) =>
            code == DiagnosticCodes.NetworkError || code == DiagnosticCodes.Timeout || code == DiagnosticCodes.RunDeadlineExceeded;

        public static bool Applies(string failureCode, CacheRecord? lastRecord, ProvisioningOptions options) =>
            IsUnreachable(failureCode)
            && lastRecord != null
            && lastRecord.HasSuccess
            && ResultCache.IsCurrent(lastRecord, RunSettings.ByName(options), options.Environment,
                input => input is SettingInput setting && setting.IsToolVersion);
    }
}
