using System;
using System.Net.Http;
using ConvexAuthKit.Api;

namespace ConvexAuthKit.Options
{
    /// <summary>Everything a run needs, mapped from MSBuild properties by the task (or set by tests). No secret in here.</summary>
    public sealed class ProvisioningOptions
    {
        public const string DefaultProvisionHost = "https://api.convex.dev";
        public const string DefaultWorkOSApiUrl = "https://api.workos.com";

        /// <summary>The .NET project's folder.</summary>
        public string ProjectDir { get; set; } = "";
        /// <summary>ConvexAuthKitFrontendDir: the folder holding package.json, or null to find it.</summary>
        public string? FrontendDir { get; set; }
        /// <summary>ConvexAuthKitFrontendUrl: the dev URL, overriding the framework's default.</summary>
        public string? FrontendUrl { get; set; }
        /// <summary>What FrontendUrl came from, for messages ("ConvexAuthKitFrontendUrl", "SpaProxyServerUrl").</summary>
        public string? FrontendUrlSource { get; set; }
        /// <summary>ConvexProvisionHost; null means env CONVEX_PROVISION_HOST, else the real service.</summary>
        public string? ProvisionHost { get; set; }
        public string WorkOSApiUrl { get; set; } = DefaultWorkOSApiUrl;

        /// <summary>Reads an environment variable of the build (tests substitute their own).</summary>
        public Func<string, string?> Environment { get; set; } = System.Environment.GetEnvironmentVariable;
        /// <summary>The user's home folder, where the Convex CLI keeps its credentials.</summary>
        public string? HomeDir { get; set; }

        public ProvisioningMode Mode { get; set; } = ProvisioningMode.Apply;

        /// <summary>ConvexAuthKitDeployment: empty or "dev" (the dev deployment), "prod", or "preview:&lt;name&gt;".</summary>
        public string? Deployment { get; set; }

        /// <summary>
        /// Set by the publish target (and the status target when ConvexAuthKitDeployment names prod or a preview): the
        /// run acts on the production or preview deployment instead of the dev one (Deployments/RemoteDeploymentProvisioner).
        /// </summary>
        public bool ForPublish { get; set; }

        /// <summary>
        /// ConvexAuthKitWorkOSTeamEmail: the explicit opt-in to create the Convex team's WorkOS team (which accepts
        /// WorkOS's terms) with this verified email as its admin, when the team has none. Null: never create it.
        /// </summary>
        public string? WorkOSTeamEmail { get; set; }

        /// <summary>
        /// The project's intermediate folder (obj/, where the cache file lives): the only place an evaluation of an
        /// auth.config the scan cannot decide may write. Null: such a config is never evaluated (the fallback rule decides).
        /// </summary>
        public string? IntermediateDir { get; set; }

        /// <summary>How long each step of evaluating an undecidable auth.config (bundling, running) may take.</summary>
        public TimeSpan EvaluationTimeout { get; set; } = TimeSpan.FromSeconds(10);

        public HttpPolicy Http { get; set; } = HttpPolicy.Default;
        /// <summary>For tests only: the HTTP handler to send through.</summary>
        public HttpMessageHandler? HttpHandler { get; set; }

        /// <summary>The Big Brain host as given: ConvexProvisionHost, else the environment's CONVEX_PROVISION_HOST (which moves the CLI's credentials folder).</summary>
        public string? GivenProvisionHost => !string.IsNullOrEmpty(ProvisionHost) ? ProvisionHost : Environment("CONVEX_PROVISION_HOST");

        /// <summary>The resolved Big Brain host and whether it differs from the real service (which moves the CLI's credentials folder).</summary>
        public string ResolvedProvisionHost(out bool overridden)
        {
            var host = GivenProvisionHost;
            overridden = !string.IsNullOrEmpty(host) && !string.Equals(host!.TrimEnd('/'), DefaultProvisionHost, StringComparison.OrdinalIgnoreCase);
            return string.IsNullOrEmpty(host) ? DefaultProvisionHost : host!;
        }

        public string ResolvedHomeDir()
        {
            if (!string.IsNullOrEmpty(HomeDir))
                return HomeDir!;
            var home = Environment("HOME");
            if (string.IsNullOrEmpty(home))
                home = Environment("USERPROFILE");
            return string.IsNullOrEmpty(home) ? System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile) : home!;
        }
    }
}
