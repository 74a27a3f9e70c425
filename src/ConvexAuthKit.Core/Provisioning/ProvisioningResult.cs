using System.Collections.Generic;

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
        public ProvisioningResult(Outcome outcome, string summary, IReadOnlyDictionary<string, string> inputs)
        {
            Outcome = outcome;
            Summary = summary;
            Inputs = inputs;
        }

        public Outcome Outcome { get; }
        /// <summary>One line for the build log, no secret in it.</summary>
        public string Summary { get; }
        /// <summary>The hashed inputs the outcome depends on, for the obj/ cache.</summary>
        public IReadOnlyDictionary<string, string> Inputs { get; }
    }
}
