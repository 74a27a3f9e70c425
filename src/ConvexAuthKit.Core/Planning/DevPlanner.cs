using System.Linq;
using ConvexAuthKit.ConvexProject;
using ConvexAuthKit.Diagnostics;
using ConvexAuthKit.EnvFiles;
using ConvexAuthKit.Frameworks;
using ConvexAuthKit.Inspection;
using ConvexAuthKit.Planning.ConfigMode;

namespace ConvexAuthKit.Planning
{
    /// <summary>
    /// The Plan stage of a dev run, pure: from the snapshot (and, once known, the credentials) to what is written to
    /// .env.local and registered with WorkOS, in seed mode (docs/cli-rules.md#seed-mode) or config mode
    /// (docs/cli-rules.md#config-mode).
    /// </summary>
    public static class DevPlanner
    {
        /// <summary>
        /// Everything of the plan that can fail without the services' answers fails here, before the first request:
        /// every ${buildEnv.X} has a value, every URL is one WorkOS takes, every value .env.local will hold can be written.
        /// </summary>
        public static void CheckBeforeRequests(ProjectSnapshot snapshot, string envLocalName)
        {
            if (!snapshot.IsConfigMode)
            {
                EnvAssignmentFormatter.ThrowIfCannotWriteValue($"redirect URI (from {snapshot.DevUrlSource})", snapshot.RedirectUri, envLocalName);
                return;
            }
            var dev = snapshot.AuthKitDev!;
            var resolver = new TemplateResolver(snapshot.ConvexJson!.FilePath!, snapshot.Environment, null);
            if (dev.LocalEnvVars != null)
            {
                foreach (var variable in ConfigEnvPlan.Written(dev.LocalEnvVars, snapshot.EnvLocal!, snapshot.Environment))
                {
                    // A value .env.local cannot hold safely fails now, not after the deployment was changed. With an
                    // ${authEnv.X} still unknown, only its characters can be judged yet.
                    var value = resolver.Resolve(variable.Value);
                    var known = !variable.Template.Placeholders.Any(p => p.Source == TemplateSource.AuthEnv);
                    if (known || EnvAssignmentFormatter.UnwritableCharacter(value) != null)
                        EnvAssignmentFormatter.ThrowIfCannotWrite(variable.Name, value, envLocalName, snapshot.ConvexJson!.FilePath, variable.Line);
                }
            }
            ConfigRegistrations.For(dev.Configure, resolver);
        }

        /// <summary>The build's own WORKOS_* values, with where each comes from.</summary>
        public static BuildWorkOSVariables BuildValues(ProjectSnapshot snapshot, string envLocalName) =>
            new BuildWorkOSVariables(snapshot.Environment, snapshot.RealEnvironment, snapshot.EnvLocal!, envLocalName);

        public static LocalPlan PlanLocal(ProjectSnapshot snapshot, WorkOSCredentials credentials) =>
            snapshot.IsConfigMode ? PlanConfigMode(snapshot, credentials) : PlanSeedMode(snapshot, credentials);

        /// <summary>Seed mode: the framework's variables, the default redirect URI and CORS origin.</summary>
        private static LocalPlan PlanSeedMode(ProjectSnapshot snapshot, WorkOSCredentials credentials)
        {
            var registrations = new WorkOSRegistrations(new[] { snapshot.RedirectUri }, null, new[] { snapshot.DevUrl });
            var framework = snapshot.Framework;
            if (framework == null || framework.Flavor == EnvFlavor.None)
            {
                var warning = PlanNote.Warning(DiagnosticCodes.FrameworkNotWritten,
                    $"ConvexAuthKit does not know which variables {(framework?.Name ?? "this frontend")} needs, so it wrote nothing to .env.local; add the WorkOS client id and redirect URI ({snapshot.RedirectUri}) as the AuthKit SDK for your framework describes.",
                    snapshot.Package.FilePath);
                return new LocalPlan(new EnvWrite[0], registrations, new[] { warning });
            }
            var writes = SeedEnvPlan.For(framework.Flavor, credentials.ClientId, credentials.EnvironmentId, credentials.ApiKey.Reveal, snapshot.RedirectUri, snapshot.EnvLocal!);
            return new LocalPlan(writes, registrations, new PlanNote[0]);
        }

        /// <summary>Config mode: authKit.dev.localEnvVars and authKit.dev.configure, templates resolved.</summary>
        private static LocalPlan PlanConfigMode(ProjectSnapshot snapshot, WorkOSCredentials credentials)
        {
            var dev = snapshot.AuthKitDev!;
            var resolver = new TemplateResolver(snapshot.ConvexJson!.FilePath!, snapshot.Environment, credentials);
            var writes = ConfigEnvPlan.For(dev.LocalEnvVars, snapshot.Framework, credentials, resolver, snapshot.EnvLocal!, snapshot.Environment);
            return new LocalPlan(writes, ConfigRegistrations.For(dev.Configure, resolver), new PlanNote[0]);
        }

        /// <summary>How the summary names what was set up.</summary>
        public static string Describe(DeploymentSelection selection, ProjectSnapshot snapshot) => snapshot.IsConfigMode
            ? $"{selection} (authKit.dev in convex.json)"
            : $"{selection} ({snapshot.Framework?.Name ?? "unknown framework"}, dev URL {snapshot.DevUrl} from {snapshot.DevUrlSource})";
    }
}
