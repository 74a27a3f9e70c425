using System.Collections.Generic;
using ConvexAuthKit.Caching;

namespace ConvexAuthKit.Provisioning
{
    public enum Outcome
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
        public ProvisioningResult(Outcome outcome, string summary, IReadOnlyList<CacheInput> inputs, string? envLocalFile = null, bool wroteEnvLocal = false)
        {
            EnvLocalFile = envLocalFile;
            WroteEnvLocal = wroteEnvLocal;
            Outcome = outcome;
            Summary = summary;
            Inputs = inputs;
        }

        public Outcome Outcome { get; }
        /// <summary>One line for the build log, no secret in it.</summary>
        public string Summary { get; }
        /// <summary>The hashed inputs the outcome depends on, for the obj/ cache (files the run wrote, as it left them).</summary>
        public IReadOnlyList<CacheInput> Inputs { get; }
        /// <summary>The .env.local a dev run read (and may have written); null when the run never got that far, and for a publish.</summary>
        public string? EnvLocalFile { get; }
        /// <summary>Whether this run saved <see cref="EnvLocalFile"/>.</summary>
        public bool WroteEnvLocal { get; }
    }
}
