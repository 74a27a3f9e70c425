using ConvexAuthKit.ConvexProject;
using ConvexAuthKit.Diagnostics;

namespace ConvexAuthKit.Inspection
{
    /// <summary>The one warning, with the manual steps, for a deployment of a kind a dev run never provisions.</summary>
    public static class DeploymentKindWarnings
    {
        /// <summary>Warns when <paramref name="kind"/> is never provisioned by a build and returns true; <paramref name="what"/> opens the sentence.</summary>
        public static bool WarnIfNotProvisioned(IReporter reporter, DeploymentKind kind, string what)
        {
            switch (kind)
            {
                case DeploymentKind.Prod:
                case DeploymentKind.Preview:
                    reporter.Warning(DiagnosticCodes.DeploymentKindNotProvisioned,
                        $"{what}: ConvexAuthKit only provisions WorkOS for dev deployments; configure this one by hand in the Convex dashboard (deployment settings, Integrations, WorkOS), see https://docs.convex.dev/auth/authkit/.");
                    return true;
                case DeploymentKind.Local:
                case DeploymentKind.Anonymous:
                    reporter.Warning(DiagnosticCodes.DeploymentKindUnsupported,
                        $"{what}: WorkOS AuthKit is only provisioned for Convex cloud dev deployments; set the WorkOS variables of a local deployment by hand with `npx convex env set`.");
                    return true;
                default:
                    return false;
            }
        }
    }
}
