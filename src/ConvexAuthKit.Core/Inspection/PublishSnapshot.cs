using System;
using ConvexAuthKit.ConvexProject;
using ConvexAuthKit.Credentials;

namespace ConvexAuthKit.Inspection
{
    /// <summary>What the inspection of a publish run found (local only): the deployment it names, its convex.json section, and how to reach it.</summary>
    public sealed record PublishSnapshot
    {
        public string FrontendDir { get; init; } = "";
        /// <summary>Null when the publish names no production or preview deployment.</summary>
        public DeploymentTarget? Target { get; init; }
        /// <summary>convex.json's authKit.prod or authKit.preview for <see cref="Target"/>.</summary>
        public AuthKitEnvironmentConfig? Section { get; init; }
        public string ConvexJsonPath { get; init; } = "";
        /// <summary>The build's view of a variable (environment, .env.local, .env), recorded.</summary>
        public Func<string, string?> Environment { get; init; } = _ => null;
        /// <summary>The process environment alone (never .env.local or .env), recorded, empty read as unset.</summary>
        public Func<string, string?> RealEnvironment { get; init; } = _ => null;
        public DeployKey? DeployKey { get; init; }
        internal DeployKeyShape KeyShape { get; init; }
        /// <summary>With a login: any cloud deployment of the project (CONVEX_DEPLOYMENT), through which Big Brain finds prod or the preview.</summary>
        public DeploymentSelection? Anchor { get; init; }

        public string? NothingToDo { get; init; }
        public string? NotProvisioned { get; init; }
        public bool EndsHere => NothingToDo != null || NotProvisioned != null;
    }
}
