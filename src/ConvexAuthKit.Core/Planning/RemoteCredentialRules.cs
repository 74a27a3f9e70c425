using ConvexAuthKit.Diagnostics;
using ConvexAuthKit.Inspection;

namespace ConvexAuthKit.Planning
{
    /// <summary>What differs for a production or preview deployment when its WorkOS credentials are resolved.</summary>
    internal sealed class RemoteCredentialRules
    {
        public RemoteCredentialRules(DeploymentTarget target, string environmentType)
        {
            Target = target;
            EnvironmentType = environmentType;
        }

        public DeploymentTarget Target { get; }

        /// <summary>"production" or "nonproduction", sent with get_or_provision_workos_environment.</summary>
        public string EnvironmentType { get; }

        /// <summary>
        /// The CLI's mapping: the section's environmentType when set (only prod may set it; "production" stays
        /// production, development and staging are nonproduction), else production for prod and nonproduction for a preview.
        /// </summary>
        public static string EnvironmentTypeFor(DeploymentTarget target, string? configured)
        {
            if (configured != null)
                return configured == "production" ? "production" : "nonproduction";
            return target.Kind == RemoteKind.Prod ? "production" : "nonproduction";
        }

        /// <summary>CAK0220: the deployment's own deploy key may read and set its variables, never provision.</summary>
        public ConvexAuthKitException DeploymentKeyRefusal(string deploymentName)
        {
            var flag = Target.Kind == RemoteKind.Prod ? " --prod" : $" --preview-name {Target.PreviewName}";
            return new ConvexAuthKitException(DiagnosticCodes.RemoteDeploymentKeyCannotProvision,
                $"Deployment {deploymentName} ({Target}) has no WorkOS credentials, and CONVEX_DEPLOY_KEY is that deployment's own key, which cannot provision a WorkOS environment (the Convex CLI refuses too); set WORKOS_CLIENT_ID and WORKOS_API_KEY on it (Convex dashboard, deployment settings, Integrations, WorkOS; or `npx convex env set{flag}`), or publish once with a {(Target.Kind == RemoteKind.Prod ? "project" : "preview")} deploy key or your login, or remove authKit.{Target.SectionName} from convex.json.");
        }
    }
}
