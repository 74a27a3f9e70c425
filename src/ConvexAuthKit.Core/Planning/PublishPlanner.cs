using ConvexAuthKit.Inspection;
using ConvexAuthKit.Planning.ConfigMode;

namespace ConvexAuthKit.Planning
{
    /// <summary>
    /// The Plan stage of a publish run, pure: the section's <c>configure</c> resolved, the environment type to
    /// provision with, and the build's WORKOS_* values (from the real environment only: .env.local and .env hold
    /// the dev deployment's, which would make a spurious CAK0201).
    /// </summary>
    public static class PublishPlanner
    {
        /// <summary>Every ${buildEnv.X} and every URL of configure, before the first request.</summary>
        public static void CheckBeforeRequests(PublishSnapshot snapshot) =>
            ConfigRegistrations.For(snapshot.Section!.Configure, new TemplateResolver(snapshot.ConvexJsonPath, snapshot.Environment, null));

        public static BuildWorkOSVariables BuildValues(PublishSnapshot snapshot) =>
            new BuildWorkOSVariables(snapshot.RealEnvironment, snapshot.RealEnvironment, EnvFiles.EnvFileDocument.FromText(""), "the build environment");

        public static string EnvironmentType(PublishSnapshot snapshot) =>
            RemoteCredentialRules.EnvironmentTypeFor(snapshot.Target!, snapshot.Section!.EnvironmentType);

        public static LocalPlan PlanLocal(PublishSnapshot snapshot, WorkOSCredentials credentials) =>
            new LocalPlan(new EnvWrite[0],
                ConfigRegistrations.For(snapshot.Section!.Configure, new TemplateResolver(snapshot.ConvexJsonPath, snapshot.Environment, credentials)),
                new PlanNote[0]);
    }
}
