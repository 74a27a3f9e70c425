using System;

namespace ConvexAuthKit.Api
{
    /// <summary>
    /// Timeouts and retries for every remote call, and the budget of a whole run (docs/cli-rules.md#how-the-cli-fails: the CLI has none
    /// and can block a build for minutes; we must never hang a developer's IDE).
    /// </summary>
    public sealed class HttpPolicy
    {
        /// <summary>How long one request may take, from sending to the last byte of the answer (ConvexAuthKitHttpTimeout).</summary>
        public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(20);

        /// <summary>
        /// How long opening a connection may take (ConvexAuthKitConnectTimeout). Only honoured where the runtime has
        /// SocketsHttpHandler (.NET Core, i.e. `dotnet build`); elsewhere <see cref="RequestTimeout"/> bounds it.
        /// </summary>
        public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

        /// <summary>
        /// The most one run may spend, lock wait excluded, every request, retry and backoff included
        /// (ConvexAuthKitTimeout). When it passes the run stops with CAK0303 and leaves nothing half-written.
        /// </summary>
        public TimeSpan RunDeadline { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>Attempts for a call that is safe to repeat (the first one included).</summary>
        public int MaxAttempts { get; set; } = 4;
        public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(250);
        public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(4);
        /// <summary>A Retry-After longer than this is not waited for: the call fails instead.</summary>
        public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(10);

        /// <summary>
        /// The largest answer body read, in bytes (1 MiB; the real answers are a few hundred bytes). A larger one is
        /// CAK0307 and is not read further.
        /// </summary>
        public long MaxResponseBytes { get; set; } = 1024 * 1024;

        public static HttpPolicy Default => new HttpPolicy();

        /// <summary>
        /// <paramref name="timeout"/> capped at the longest delay CancellationTokenSource.CancelAfter accepts
        /// (int.MaxValue ms, about 24.8 days), so a very large ConvexAuthKit*Timeout means "that long" instead of a crash.
        /// </summary>
        internal static TimeSpan ForCancelAfter(TimeSpan timeout)
        {
            var longest = TimeSpan.FromMilliseconds(int.MaxValue);
            return timeout > longest ? longest : timeout;
        }
    }
}
