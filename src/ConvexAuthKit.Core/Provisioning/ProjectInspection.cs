using System;
using ConvexAuthKit.ConvexProject;
using ConvexAuthKit.Credentials;
using ConvexAuthKit.EnvFiles;
using ConvexAuthKit.Frameworks;

namespace ConvexAuthKit.Provisioning
{
    /// <summary>
    /// Everything decided from local files and the environment, before any request: which folder, which framework,
    /// which dev URL and why, whether WorkOS is needed, and which deployment. The status target shows it.
    /// </summary>
    public sealed class ProjectInspection
    {
        internal ProjectInspection(string frontendDir, PackageJson package)
        {
            FrontendDir = frontendDir;
            Package = package;
        }

        public string FrontendDir { get; }
        public PackageJson Package { get; }
        public ConvexJson? ConvexJson { get; internal set; }
        /// <summary>convex.json's authKit.dev when it drives the run (config mode, docs/cli-rules.md#config-mode); null in seed mode.</summary>
        public AuthKitEnvironmentConfig? AuthKitDev { get; internal set; }
        public bool IsConfigMode => AuthKitDev != null;
        public Framework? Framework { get; internal set; }
        public string DevUrl { get; internal set; } = FrameworkDetector.FallbackDevUrl;
        /// <summary>Which source the dev URL came from (property, SpaProxyServerUrl, framework default, fallback).</summary>
        public string DevUrlSource { get; internal set; } = "fallback";
        public string RedirectUri => DevUrl + "/callback";
        public string EnvLocalPath { get; internal set; } = "";
        public EnvFileDocument? EnvLocal { get; internal set; }
        /// <summary>The build's view of a variable: real environment first, then .env.local, then .env.</summary>
        public Func<string, string?> Environment { get; internal set; } = _ => null;
        public DeploymentSelection? Deployment { get; internal set; }
        public DeployKey? DeployKey { get; internal set; }

        /// <summary>Set when there is nothing to do, with the reason.</summary>
        public string? NothingToDo { get; internal set; }
        /// <summary>Set when the deployment is of a kind never provisioned (a warning was given), with the reason.</summary>
        public string? NotProvisioned { get; internal set; }
    }
}
