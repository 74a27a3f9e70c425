using System;
using System.Collections.Generic;
using System.Linq;

namespace ConvexAuthKit.Caching
{
    /// <summary>
    /// What the obj/ cache holds: the inputs, outcome and summary of the last successful run (no secret in it:
    /// inputs are hashes), and, when a later run stopped before finishing, where it stopped.
    /// </summary>
    public sealed class CacheRecord
    {
        public CacheRecord(IEnumerable<CacheInput> inputs, string outcome, string summary, StoppedRun? stopped = null)
        {
            // One entry per input (the last one given wins), in the order of their keys, so equal records serialize equally.
            Inputs = inputs
                .GroupBy(CacheSchema.Key, StringComparer.Ordinal)
                .Select(g => g.Last())
                .OrderBy(CacheSchema.Key, StringComparer.Ordinal)
                .ToList();
            Effect = outcome;
            Summary = summary;
            Stopped = stopped;
        }

        /// <summary>A record of no successful run yet, only of one that stopped.</summary>
        public static CacheRecord OnlyStopped(StoppedRun stopped) => new CacheRecord(new CacheInput[0], "", "", stopped);

        public IReadOnlyList<CacheInput> Inputs { get; }
        /// <summary>The last successful run's outcome; empty when no run has succeeded yet.</summary>
        public string Effect { get; }
        public string Summary { get; }
        /// <summary>Set when the latest run stopped before finishing: the next build must run in full.</summary>
        public StoppedRun? Stopped { get; }

        public bool HasSuccess => Effect.Length > 0;

        public IEnumerable<FileInput> Files => Inputs.OfType<FileInput>();
        public IEnumerable<EnvInput> EnvironmentVariables => Inputs.OfType<EnvInput>();

        public CacheRecord WithStopped(StoppedRun? stopped) => new CacheRecord(Inputs, Effect, Summary, stopped);
    }
}
