using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using ConvexAuthKit.Api;
using ConvexAuthKit.Caching;
using ConvexAuthKit.ConvexProject;
using ConvexAuthKit.Credentials;
using ConvexAuthKit.Diagnostics;
using ConvexAuthKit.EnvFiles;
using ConvexAuthKit.Provisioning.ConfigMode;

namespace ConvexAuthKit.Provisioning.Deployments
{
    /// <summary>
    /// What `npx convex deploy` (CLI 1.48, ensureAuthKitProvisionedBeforeBuild) does for WorkOS AuthKit on a
    /// production or preview deployment, run by `dotnet publish`: only when convex.json has the matching
    /// authKit.prod / authKit.preview section; credentials from the deployment first, then the build environment
    /// (the API key from the deployment only); provision with the section's environmentType when it lacks them
    /// (never with the deployment's own deploy key); set what the deployment lacks; apply <c>configure</c>.
    /// .env.local is never written (it belongs to the dev deployment), and every input is checked before the
    /// first request.
    ///
    /// Beyond the CLI: the WORKOS_* values of the build are taken from the real environment only, never from
    /// .env.local or .env (which hold the dev deployment's values and would make a spurious CAK0201); a deploy key
    /// of another deployment than the one named is an error instead of silently winning.
    /// </summary>
    internal sealed class RemoteDeploymentProvisioner
    {
        private readonly ProvisioningOptions _options;
        private readonly IReporter _reporter;
        private readonly SecretScrubber _scrubber;
        private readonly InputTracker _inputs;
        private readonly Func<Outcome, string, ProvisioningResult> _done;

        public RemoteDeploymentProvisioner(ProvisioningOptions options, IReporter reporter, SecretScrubber scrubber, InputTracker inputs, Func<Outcome, string, ProvisioningResult> done)
        {
            _options = options;
            _reporter = reporter;
            _scrubber = scrubber;
            _inputs = inputs;
            _done = done;
        }

        private bool Applying => _options.Mode == ProvisioningMode.Apply;

        /// <summary>Everything decided locally; <see cref="Result"/> is set when the run ends here.</summary>
        private sealed class Plan
        {
            public ProvisioningResult? Result;
            public DeploymentTarget Target = null!;
            public AuthKitEnvironmentConfig Section = null!;
            public string ConvexJsonPath = "";
            public Func<string, string?> Environment = _ => null;
            public DeployKey? DeployKey;
            public DeployKeyShape KeyShape;
            public DeploymentSelection? Anchor;
        }

        public async Task<ProvisioningResult> RunAsync(CancellationToken ct)
        {
            var plan = Inspect();
            if (plan.Result != null)
                return plan.Result;
            var target = plan.Target;

            using var transport = new HttpTransport(_options.Http, _options.HttpHandler);
            var host = HttpTransport.RequireSecure(_options.ResolvedProvisionHost(out _), "ConvexProvisionHost");
            var workOSUrl = HttpTransport.RequireSecure(_options.WorkOSApiUrl, "ConvexAuthKitWorkOSApiUrl");
            var bearer = plan.KeyShape == DeployKeyShape.None ? AccessToken(plan.Environment) : null;
            var actions = new List<string>();

            if (plan.KeyShape == DeployKeyShape.PreviewDeployKey && !Applying)
            {
                // Claiming the preview (claim_preview_deployment, as `npx convex deploy` does) creates it when new: a read-only
                // run must not, and, like the CLI's `deploy --dry-run`, it sends no claim at all.
                _reporter.Message(Importance.Normal, $"ConvexAuthKit: a read-only run does not claim preview '{target.PreviewName}' with the preview deploy key, because claiming creates it when it is new.");
                actions.Add($"would claim preview deployment '{target.PreviewName}' (created if new, else reused) and set up WorkOS for it as authKit.preview says");
                return _done(Outcome.Planned, $"plan for {target} (authKit.preview in convex.json): {string.Join("; ", actions)}");
            }

            var (deployment, bigBrain) = await ConnectAsync(transport, host, plan, bearer, ct).ConfigureAwait(false);
            _reporter.Message(Importance.Low, $"{target} is deployment {deployment.Name}.");

            var deploymentClient = new DeploymentClient(transport, deployment.Origin, deployment.AdminKey, deployment.Name);
            var vars = await deploymentClient.ListEnvironmentVariablesAsync(ct).ConfigureAwait(false);
            var realEnvironment = TrackedRealEnvironment();
            var build = new BuildWorkOSVariables(realEnvironment, realEnvironment, EnvFileDocument.FromText(""), "the build environment");
            var rules = new RemoteCredentialRules(target, RemoteCredentialRules.EnvironmentTypeFor(target, plan.Section.EnvironmentType));
            var resolver = new WorkOSCredentialResolver(_options, _reporter, _scrubber, actions, rules);
            var credentials = await resolver.ResolveAsync(deployment, deploymentClient, bigBrain, vars, build, ct).ConfigureAwait(false)
                ?? WorkOSCredentials.Placeholder();

            var registrations = ConfigRegistrations.For(plan.Section.Configure, new TemplateResolver(plan.ConvexJsonPath, plan.Environment, credentials));
            var described = $"{target} ({deployment.Name}, authKit.{target.SectionName} in convex.json)";
            if (!Applying)
            {
                if (!registrations.IsEmpty)
                    actions.Add("would make sure WorkOS has " + registrations.Describe());
                if (_options.Mode == ProvisioningMode.Verify && resolver.DeploymentIncomplete)
                {
                    throw new ConvexAuthKitException(DiagnosticCodes.VerifyFailed,
                        $"Deployment {deployment.Name} ({target}) lacks the WorkOS variables authKit.{target.SectionName} needs ({WorkOSVariables.ClientId}, {WorkOSVariables.ApiKey}); publish once without ConvexAuthKitMode=Verify, or run `npx convex deploy`, to provision them.");
                }
                return actions.Count == 0
                    ? _done(Outcome.UpToDate, $"WorkOS AuthKit is already set up for {described} (read-only run)")
                    : _done(Outcome.Planned, $"plan for {described}: {string.Join("; ", actions)}");
            }

            // The deployment update beside the WorkOS registrations: they need only the API key.
            await ConcurrentRegistration.RunAsync(
                token => resolver.UpdateDeploymentAsync(deploymentClient, token), () => { },
                new WorkOSClient(transport, workOSUrl, credentials.ApiKey), registrations, actions, _reporter,
                url => $"WorkOS did not take the app homepage URL {url}; set it in the WorkOS dashboard if you need one.",
                ct).ConfigureAwait(false);
            return actions.Count == 0
                ? _done(Outcome.UpToDate, $"WorkOS AuthKit is already set up for {described}")
                : _done(Outcome.Changed, $"WorkOS AuthKit for {described}: {string.Join("; ", actions)}");
        }

        private Plan Inspect()
        {
            var plan = new Plan();
            var frontendDir = FrontendLocator.Locate(_options.ProjectDir, _options.FrontendDir);
            _inputs.File(Path.Combine(frontendDir, "package.json"));
            var package = PackageJson.Load(frontendDir);
            if (!package.DependsOnConvex)
            {
                plan.Result = _done(Outcome.NothingToDo, "package.json does not depend on convex, so there is no Convex deployment to publish WorkOS settings for.");
                return plan;
            }
            _inputs.File(Path.Combine(frontendDir, ConvexJson.FileName));
            var convexJson = ConvexJson.Load(frontendDir);
            foreach (var name in ProjectEnv.FileNames)
                _inputs.File(Path.Combine(frontendDir, name));
            var env = TrackedEnvironment.WithEnvFiles(frontendDir, _options.Environment, _inputs);
            plan.Environment = env;

            if (!string.IsNullOrEmpty(env("CONVEX_SELF_HOSTED_URL")))
            {
                _reporter.Warning(DiagnosticCodes.DeploymentKindUnsupported,
                    "CONVEX_SELF_HOSTED_URL is set: WorkOS AuthKit is only provisioned for Convex cloud deployments; configure WorkOS on your self-hosted backend by hand.");
                plan.Result = _done(Outcome.NotProvisioned, "self-hosted deployment: nothing provisioned");
                return plan;
            }

            var deployKey = ConvexCredentials.ReadDeployKey(env);
            plan.DeployKey = deployKey;
            plan.KeyShape = Shape(deployKey);
            var target = DeploymentTarget.Select(_options.Deployment, deployKey, env);
            if (target == null)
            {
                plan.Result = _done(Outcome.NothingToDo, "the publish names no production or preview deployment (ConvexAuthKitDeployment, or a prod or preview CONVEX_DEPLOY_KEY); the build has already set up the dev deployment.");
                return plan;
            }
            plan.Target = target;
            _reporter.Message(Importance.Low, $"Deployment: {target}, from {target.Source}.");

            var section = target.Kind == RemoteKind.Prod ? convexJson.AuthKit?.Prod : convexJson.AuthKit?.Preview;
            if (section == null)
            {
                var where = convexJson.FilePath == null ? "there is no convex.json" : $"{Rel(convexJson.FilePath)} has no authKit.{target.SectionName} section";
                _reporter.Warning(DiagnosticCodes.DeploymentKindNotProvisioned,
                    $"{target}: {where}, so ConvexAuthKit does not set up WorkOS for it; add the section (the official templates have one), or configure this deployment by hand in the Convex dashboard (deployment settings, Integrations, WorkOS), see https://docs.convex.dev/auth/authkit/.",
                    convexJson.FilePath);
                plan.Result = _done(Outcome.NotProvisioned, $"{target}: no authKit.{target.SectionName} in convex.json, nothing provisioned");
                return plan;
            }
            plan.Section = section;
            plan.ConvexJsonPath = convexJson.FilePath!;

            if (target.Kind == RemoteKind.Preview && plan.KeyShape == DeployKeyShape.Project)
            {
                throw new ConvexAuthKitException(DiagnosticCodes.DeploymentTargetInvalid,
                    "CONVEX_DEPLOY_KEY is a project deploy key, which cannot reach preview deployments (the Convex CLI refuses too); use a preview deploy key, or unset it and use your login (`npx convex login`).");
            }
            if (plan.KeyShape == DeployKeyShape.None)
            {
                // With a login, Big Brain finds prod or the preview through any deployment of the project.
                plan.Anchor = DeploymentSelection.Parse(env("CONVEX_DEPLOYMENT"));
                if (plan.Anchor == null || plan.Anchor.Kind == DeploymentKind.Local || plan.Anchor.Kind == DeploymentKind.Anonymous)
                {
                    throw new ConvexAuthKitException(DiagnosticCodes.ProjectNotSelected,
                        $"Publishing to {target} with your Convex login needs CONVEX_DEPLOYMENT (any cloud deployment of the project) to know which project; run `npx convex dev` once in {Rel(frontendDir)}, or set CONVEX_DEPLOY_KEY to a {(target.Kind == RemoteKind.Prod ? "production" : "preview")} deploy key.");
                }
            }

            // Every ${buildEnv.X} and every URL of configure, before the first request.
            ConfigRegistrations.For(section.Configure, new TemplateResolver(plan.ConvexJsonPath, env, null));
            return plan;
        }

        private async Task<(AuthorizedDeployment Deployment, BigBrainClient? BigBrain)> ConnectAsync(
            HttpTransport transport, Uri host, Plan plan, string? accessToken, CancellationToken ct)
        {
            var target = plan.Target;
            var key = plan.DeployKey;
            switch (plan.KeyShape)
            {
                case DeployKeyShape.Deployment:
                {
                    // The deployment's own key: it reads and sets the deployment's variables, and can never provision.
                    var secret = _scrubber.Track(key!.Value);
                    var anonymous = new BigBrainClient(transport, host, new Secret(""), _scrubber);
                    var origin = await anonymous.UrlForKeyAsync(secret, ct).ConfigureAwait(false);
                    return (new AuthorizedDeployment(DeploymentNameOf(key.Value), target.Kind == RemoteKind.Prod ? "prod" : "preview", origin, secret), null);
                }
                case DeployKeyShape.PreviewDeployKey:
                {
                    // As `npx convex deploy` does with a preview deploy key: claim the branch's preview (created when new,
                    // else the same deployment), so the real deploy that follows the publish claims what we set up.
                    var bigBrain = new BigBrainClient(transport, host, _scrubber.Track(key!.Value), _scrubber);
                    var (team, project) = Slugs(key.Value);
                    var claimed = await bigBrain.ClaimPreviewDeploymentAsync(target.PreviewName!, team, project, ct).ConfigureAwait(false);
                    _reporter.Message(Importance.Normal, claimed.IsNew
                        ? $"ConvexAuthKit: Convex created preview deployment {claimed.Deployment.Name} for '{target.PreviewName}' (claimed with the preview deploy key, as `npx convex deploy` does)."
                        : $"ConvexAuthKit: preview '{target.PreviewName}' is the existing deployment {claimed.Deployment.Name}.");
                    return (claimed.Deployment, bigBrain);
                }
                case DeployKeyShape.Project:
                {
                    var bigBrain = new BigBrainClient(transport, host, _scrubber.Track(key!.Value), _scrubber);
                    var (team, project) = Slugs(key.Value);
                    return (await bigBrain.AuthorizeProdWithProjectKeyAsync(team, project, ct).ConfigureAwait(false), bigBrain);
                }
                default:
                {
                    var bigBrain = new BigBrainClient(transport, host, _scrubber.Track(accessToken!), _scrubber);
                    var anchor = plan.Anchor!.Name;
                    var deployment = target.Kind == RemoteKind.Prod
                        ? await bigBrain.AuthorizeProdAsync(anchor, ct).ConfigureAwait(false)
                        : await bigBrain.AuthorizePreviewAsync(target.PreviewName!, new JsonObject { ["kind"] = "deploymentName", ["deploymentName"] = anchor }, ct).ConfigureAwait(false);
                    return (deployment, bigBrain);
                }
            }
        }

        private string AccessToken(Func<string, string?> env)
        {
            var provisionHost = !string.IsNullOrEmpty(_options.ProvisionHost) ? _options.ProvisionHost : _options.Environment("CONVEX_PROVISION_HOST");
            var token = ConvexCredentials.ReadAccessToken(env, _options.ResolvedHomeDir(), provisionHost, out var configFile);
            if (token == null)
            {
                throw new ConvexAuthKitException(DiagnosticCodes.NotLoggedIn,
                    $"You are not logged in to Convex (no access token in {configFile} or CONVEX_OVERRIDE_ACCESS_TOKEN), and CONVEX_DEPLOY_KEY is not set; in CI set CONVEX_DEPLOY_KEY to the deploy key of the deployment to publish to, locally run `npx convex login`.");
            }
            return token;
        }

        /// <summary>How a deploy key can be used: the CLI tells a preview deploy key (<c>preview:team:project|…</c>) from a preview deployment's own key (<c>preview:name|…</c>).</summary>
        internal enum DeployKeyShape
        {
            None,
            Deployment,
            PreviewDeployKey,
            Project,
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

        internal static DeployKeyShape Shape(DeployKey? key)
        {
            if (key == null)
                return DeployKeyShape.None;
            if (key.IsDeploymentKey)
                return DeployKeyShape.Deployment;
            if (key.Kind == DeployKeyKind.Preview)
                return Prefix(key.Value).Count(c => c == ':') == 1 ? DeployKeyShape.Deployment : DeployKeyShape.PreviewDeployKey;
            return DeployKeyShape.Project;
        }

        private static string Prefix(string key)
        {
            var bar = key.IndexOf('|');
            return bar < 0 ? key : key.Substring(0, bar);
        }

        private static string DeploymentNameOf(string key)
        {
            var prefix = Prefix(key);
            return prefix.Substring(prefix.IndexOf(':') + 1);
        }

        /// <summary>The team and project slugs a project or preview deploy key names (<c>kind:team:project|secret</c>).</summary>
        private static (string Team, string Project) Slugs(string key)
        {
            var parts = Prefix(key).Split(':');
            if (parts.Length >= 3 && parts[1].Length > 0 && parts[2].Length > 0)
                return (parts[1], parts[2]);
            throw new ConvexAuthKitException(DiagnosticCodes.DeployKeyInvalid,
                "CONVEX_DEPLOY_KEY does not name a team and project (expected `preview:<team>:<project>|<secret>` or `project:<team>:<project>|<secret>`); copy it again from the Convex dashboard.");
        }

        private Func<string, string?> TrackedRealEnvironment() => name =>
        {
            var real = _options.Environment(name);
            _inputs.Environment(name, real);
            return string.IsNullOrEmpty(real) ? null : real;
        };

        private string Rel(string path)
        {
            var root = Path.GetFullPath(_options.ProjectDir).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
            var full = Path.GetFullPath(path);
            return full.StartsWith(root, StringComparison.Ordinal) ? full.Substring(root.Length) : full;
        }
    }
}
