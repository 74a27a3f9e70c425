using System.Linq;
using ConvexAuthKit.ConvexProject;
using ConvexAuthKit.Credentials;
using ConvexAuthKit.Diagnostics;

namespace ConvexAuthKit.Inspection
{
    /// <summary>How a deploy key can be used: the CLI tells a preview deploy key (<c>preview:team:project|…</c>) from a preview deployment's own key (<c>preview:name|…</c>).</summary>
    internal enum DeployKeyShape
    {
        None,
        Deployment,
        PreviewDeployKey,
        Project,
    }

    /// <summary>What a CONVEX_DEPLOY_KEY's text says about the deployments it reaches (never its secret part).</summary>
    internal static class DeployKeys
    {
        public static DeployKeyShape Shape(DeployKey? key)
        {
            if (key == null)
                return DeployKeyShape.None;
            if (key.IsDeploymentKey)
                return DeployKeyShape.Deployment;
            if (key.Kind == DeployKeyKind.Preview)
                return Prefix(key.Value).Count(c => c == ':') == 1 ? DeployKeyShape.Deployment : DeployKeyShape.PreviewDeployKey;
            return DeployKeyShape.Project;
        }

        /// <summary>
        /// For the build's dev run: a prod or preview CONVEX_DEPLOY_KEY whose convex.json section exists is the
        /// publish's business, so the build says so instead of warning that such deployments are never provisioned.
        /// </summary>
        public static string? HandledAtPublish(DeployKey? key, AuthKitConfig? authKit)
        {
            var shape = Shape(key);
            if (shape == DeployKeyShape.PreviewDeployKey && authKit?.Preview != null)
                return "CONVEX_DEPLOY_KEY is a preview deploy key: `dotnet publish` sets up WorkOS for the preview deployment (authKit.preview in convex.json); the build changes nothing.";
            if (shape == DeployKeyShape.Deployment && key!.DeploymentKind == "prod" && authKit?.Prod != null)
                return "CONVEX_DEPLOY_KEY is the production deployment's key: `dotnet publish` sets up WorkOS for it (authKit.prod in convex.json); the build changes nothing.";
            return null;
        }

        public static string DeploymentNameOf(string key)
        {
            var prefix = Prefix(key);
            return prefix.Substring(prefix.IndexOf(':') + 1);
        }

        /// <summary>The team and project slugs a project or preview deploy key names (<c>kind:team:project|secret</c>).</summary>
        public static (string Team, string Project) Slugs(string key)
        {
            var parts = Prefix(key).Split(':');
            if (parts.Length >= 3 && parts[1].Length > 0 && parts[2].Length > 0)
                return (parts[1], parts[2]);
            throw new ConvexAuthKitException(DiagnosticCodes.DeployKeyInvalid,
                "CONVEX_DEPLOY_KEY does not name a team and project (expected `preview:<team>:<project>|<secret>` or `project:<team>:<project>|<secret>`); copy it again from the Convex dashboard.");
        }

        private static string Prefix(string key)
        {
            var bar = key.IndexOf('|');
            return bar < 0 ? key : key.Substring(0, bar);
        }
    }
}
