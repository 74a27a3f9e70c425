using System;

namespace ConvexAuthKit.Api
{
    /// <summary>Timeouts and retries for every remote call (reference §7: the CLI has none; we must never hang a build).</summary>
    public sealed class HttpPolicy
    {
        /// <summary>How long one request may take, from sending to the last byte of the answer.</summary>
        public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(20);
        /// <summary>Attempts for a call that is safe to repeat (the first one included).</summary>
        public int MaxAttempts { get; set; } = 4;
        public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(250);
        public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(4);
        /// <summary>A Retry-After longer than this is not waited for: the call fails instead.</summary>
        public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(10);

        public static HttpPolicy Default => new HttpPolicy();
    }
}
