using System.Collections.Generic;
using ConvexAuthKit.Caching;

namespace ConvexAuthKit.Provisioning
{
    /// <summary>
    /// What a run found or did, kept in the cache (its "outcome" field). How the run behind the cache ended (skipped,
    /// failed, offline) is <see cref="RunStatus"/>, which the task hands to MSBuild as ConvexAuthKitOutcome.
    /// </summary>
    public enum RunEffect
    {
        /// <summary>Nothing asks for WorkOS (no auth.config read, no authKit section).</summary>
        NothingToDo,
        /// <summary>A deployment kind we never provision (prod, preview, local, self-hosted): a warning was given.</summary>
        NotProvisioned,
        /// <summary>Everything was already in place.</summary>
        UpToDate,
        /// <summary>Something was provisioned, set, written or registered.</summary>
        Changed,
        /// <summary>A read-only run (dry run, status, verify) that found work to do and did none of it.</summary>
        Planned,
    }

    public sealed class ProvisioningResult
    {
        public ProvisioningResult(RunEffect effect, string summary, IReadOnlyList<CacheInput> inputs, string? envLocalFile = null)
        {
            EnvLocalFile = envLocalFile;
            Effect = effect;
            Summary = summary;
            Inputs = inputs;
        }

        public RunEffect Effect { get; }
        /// <summary>One line for the build log, no secret in it.</summary>
        public string Summary { get; }
        /// <summary>The hashed inputs the outcome depends on, for the obj/ cache (files the run wrote, as it left them).</summary>
        public IReadOnlyList<CacheInput> Inputs { get; }
        /// <summary>The .env.local a dev run read (and may have written); null when the run never got that far, and for a publish.</summary>
        public string? EnvLocalFile { get; }
    }
}
