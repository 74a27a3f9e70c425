using System.Collections.Generic;

namespace ConvexAuthKit.Caching
{
    /// <summary>Where a run that did not finish stopped: its error code, the remote step under way, and the steps it had completed.</summary>
    public sealed class StoppedRun
    {
        public StoppedRun(string code, string? stoppedAt, IReadOnlyList<string> completed)
        {
            Code = code;
            StoppedAt = stoppedAt;
            Completed = completed;
        }

        /// <summary>The CAKxxxx code it failed with, or "cancelled".</summary>
        public string Code { get; }
        /// <summary>e.g. "WorkOS: POST /user_management/redirect_uris"; null when it stopped before any request.</summary>
        public string? StoppedAt { get; }
        public IReadOnlyList<string> Completed { get; }

        public string Describe()
        {
            var where = StoppedAt == null ? "before its first request" : "at " + StoppedAt;
            var after = Completed.Count == 0 ? "" : $", after {string.Join(", ", Completed)}";
            return $"{where} ({Code}{after})";
        }
    }
}
