using System.Collections.Generic;

namespace ConvexAuthKit.Planning
{
    /// <summary>
    /// What a run does once the credentials are known: the .env.local lines to write (none for production and
    /// preview), the WorkOS registrations, and what the planner has to say about them.
    /// </summary>
    public sealed class LocalPlan
    {
        public LocalPlan(IReadOnlyList<EnvWrite> envWrites, WorkOSRegistrations registrations, IReadOnlyList<PlanNote> notes)
        {
            EnvWrites = envWrites;
            Registrations = registrations;
            Notes = notes;
        }

        public IReadOnlyList<EnvWrite> EnvWrites { get; }
        public WorkOSRegistrations Registrations { get; }
        public IReadOnlyList<PlanNote> Notes { get; }
    }
}
