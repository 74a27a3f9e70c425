using System;
using ConvexAuthKit.ConvexProject;
using ConvexAuthKit.Credentials;
using ConvexAuthKit.EnvFiles;
using ConvexAuthKit.Frameworks;

namespace ConvexAuthKit.Inspection
{
    /// <summary>
    /// What the inspection of a dev run found, from local files and the environment only, before any request: which
    /// folder, which framework, which dev URL and why, whether WorkOS is needed, and which deployment. Immutable; the
    /// planner reads it, and the status target shows it. <see cref="EnvLocal"/> is the document as read: only the
    /// Apply stage edits it, when it writes the file.
    /// </summary>
    public sealed record ProjectSnapshot
    {
        public string FrontendDir { get; init; } = "";
        public PackageJson Package { get; init; } = null!;
        public ConvexJson? ConvexJson { get; init; }
        /// <summary>convex.json's authKit.dev when it drives the run (config mode, docs/cli-rules.md#config-mode); null in seed mode.</summary>
        public AuthKitEnvironmentConfig? AuthKitDev { get; init; }
        public bool IsConfigMode => AuthKitDev != null;
        public Framework? Framework { get; init; }
        public string DevUrl { get; init; } = FrameworkDetector.FallbackDevUrl;
        /// <summary>Which source the dev URL came from (property, SpaProxyServerUrl, framework default, fallback).</summary>
        public string DevUrlSource { get; init; } = "fallback";
        public string RedirectUri => DevUrl + "/callback";
        public string EnvLocalPath { get; init; } = "";
        public EnvFileDocument? EnvLocal { get; init; }
        /// <summary>The build's view of a variable: real environment first, then .env.local, then .env (each name read is recorded).</summary>
        public Func<string, string?> Environment { get; init; } = _ => null;
        /// <summary>The process environment alone, recorded.</summary>
        public Func<string, string?> RealEnvironment { get; init; } = _ => null;
        public DeploymentSelection? Deployment { get; init; }
        public DeployKey? DeployKey { get; init; }

        /// <summary>Set when there is nothing to do, with the reason.</summary>
        public string? NothingToDo { get; init; }
        /// <summary>Set when the deployment is of a kind never provisioned (a warning was given), with the reason.</summary>
        public string? NotProvisioned { get; init; }

        /// <summary>Whether the run ends with the inspection (nothing to do, or a kind never provisioned).</summary>
        public bool EndsHere => NothingToDo != null || NotProvisioned != null;
    }
}
