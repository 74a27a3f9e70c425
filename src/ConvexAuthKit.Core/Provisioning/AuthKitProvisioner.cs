using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ConvexAuthKit.Api;
using ConvexAuthKit.Caching;
using ConvexAuthKit.ConvexProject;
using ConvexAuthKit.Credentials;
using ConvexAuthKit.Diagnostics;
using ConvexAuthKit.EnvFiles;
using ConvexAuthKit.Frameworks;
using ConvexAuthKit.Scanning;

namespace ConvexAuthKit.Provisioning
{
    /// <summary>
    /// One run of what `npx convex dev` does for WorkOS AuthKit on a dev deployment: decide whether WorkOS is
    /// needed, provision the environment if the deployment lacks it, set the deployment variables, write
    /// .env.local, and register the redirect URI and CORS origin.
    ///
    /// The order is chosen so that an interrupted run loses nothing and the next one converges: every input is
    /// validated before the first request; the deployment variables are set before .env.local is written
    /// (the provisioning call is idempotent, so a repeat finds the same environment); WorkOS registrations are
    /// last and a repeat of them is harmless.
    /// </summary>
    public sealed class AuthKitProvisioner
    {
        private readonly ProvisioningOptions _options;
        private readonly IReporter _reporter;
        private readonly SecretScrubber _scrubber = new SecretScrubber();
        private readonly InputTracker _inputs;

        public AuthKitProvisioner(ProvisioningOptions options, IReporter reporter)
        {
            _options = options;
            _reporter = new ScrubbingReporter(reporter, _scrubber);
            _inputs = options.SettingsFingerprint();
        }

        public SecretScrubber Scrubber => _scrubber;

        /// <summary>The local half of a run: files and environment only, no request. Throws coded errors for bad input.</summary>
        public ProjectInspection Inspect()
        {
            var frontendDir = FrontendLocator.Locate(_options.ProjectDir, _options.FrontendDir);
            _inputs.File(Path.Combine(frontendDir, "package.json"));
            var package = PackageJson.Load(frontendDir);
            var inspection = new ProjectInspection(frontendDir, package);
            if (!package.DependsOnConvex)
            {
                inspection.NothingToDo = $"{Rel(package.FilePath)} does not depend on convex, so there is no Convex project to configure.";
                return inspection;
            }

            var convexJsonPath = Path.Combine(frontendDir, "convex.json");
            _inputs.File(convexJsonPath);
            var convexJson = ConvexJson.Load(frontendDir);
            inspection.ConvexJson = convexJson;
            if (convexJson.HasAuthKit)
            {
                throw new ConvexAuthKitException(DiagnosticCodes.ConvexJsonInvalid,
                    "convex.json has an authKit section, which this version of ConvexAuthKit does not apply yet; run `npx convex dev` once to apply it, or remove the section to use auth.config.ts alone.",
                    convexJsonPath, JsonFile.LineOf(convexJsonPath, "authKit"));
            }

            var functionsDir = convexJson.FunctionsDir(frontendDir);
            var scan = AuthConfigScanner.ScanFunctionsDir(functionsDir);
            TrackScannedFiles(functionsDir, scan);
            inspection.Scan = scan;
            if (!scan.ReadsWorkOSClientId)
            {
                inspection.NothingToDo = scan.Reason;
                return inspection;
            }
            _reporter.Message(Importance.Low, scan.Reason);

            inspection.Framework = FrameworkDetector.Detect(package.Dependencies);
            inspection.DevUrl = DevUrl(inspection.Framework, out var devUrlSource);
            inspection.DevUrlSource = devUrlSource;

            // Read (and validate) .env.local before any request: a file we could not write must fail the build
            // before anything is changed remotely.
            inspection.EnvLocalPath = Path.Combine(frontendDir, ".env.local");
            inspection.EnvLocal = EnvFileDocument.Load(inspection.EnvLocalPath);
            _inputs.File(inspection.EnvLocalPath);
            _inputs.File(Path.Combine(frontendDir, ".env"));
            var env = ProjectEnvironment(frontendDir);
            inspection.Environment = env;

            if (!string.IsNullOrEmpty(env("CONVEX_SELF_HOSTED_URL")))
            {
                _reporter.Warning(DiagnosticCodes.DeploymentKindUnsupported,
                    "CONVEX_SELF_HOSTED_URL is set: WorkOS AuthKit is only provisioned for Convex cloud dev deployments; configure WorkOS on your self-hosted backend by hand.");
                inspection.NotProvisioned = "self-hosted deployment: nothing provisioned";
                return inspection;
            }

            inspection.DeployKey = ConvexCredentials.ReadDeployKey(env);
            var selection = DeploymentSelection.Parse(env("CONVEX_DEPLOYMENT"));
            if (selection == null && inspection.DeployKey?.IsDeploymentKey == true)
                selection = DeploymentSelection.Parse(inspection.DeployKey.DeploymentKind + ":" + inspection.DeployKey.DeploymentName);
            if (selection == null)
            {
                throw new ConvexAuthKitException(DiagnosticCodes.DeploymentNotConfigured,
                    $"No CONVEX_DEPLOYMENT in {Rel(inspection.EnvLocalPath)} or the environment, so there is no dev deployment to configure; run `npx convex dev` once in {Rel(frontendDir)} to create one.",
                    inspection.EnvLocalPath);
            }
            inspection.Deployment = selection;
            if (NotProvisionedKind(selection.Kind, selection.ToString()))
                inspection.NotProvisioned = $"{selection} is not a cloud dev deployment: nothing provisioned";
            return inspection;
        }

        public async Task<ProvisioningResult> RunAsync(CancellationToken ct)
        {
            var inspection = Inspect();
            if (inspection.NothingToDo != null)
                return Done(Outcome.NothingToDo, inspection.NothingToDo);
            if (inspection.NotProvisioned != null)
                return Done(Outcome.NotProvisioned, inspection.NotProvisioned);

            var selection = inspection.Deployment!;
            var framework = inspection.Framework;
            var devUrl = inspection.DevUrl;
            var redirectUri = inspection.RedirectUri;
            var envLocal = inspection.EnvLocal!;

            using var transport = new HttpTransport(_options.Http, _options.HttpHandler);
            var host = HttpTransport.RequireSecure(_options.ResolvedProvisionHost(out var hostOverridden), "ConvexProvisionHost");
            var workOSUrl = HttpTransport.RequireSecure(_options.WorkOSApiUrl, "ConvexAuthKitWorkOSApiUrl");

            var (deployment, bigBrain) = await ConnectAsync(transport, host, hostOverridden, selection, inspection.DeployKey, inspection.Environment, ct).ConfigureAwait(false);
            if (deployment == null)
                return Done(Outcome.NotProvisioned, $"{selection} is not a cloud dev deployment: nothing provisioned");

            var deploymentClient = new DeploymentClient(transport, deployment.Origin, deployment.AdminKey, deployment.Name);
            var vars = await deploymentClient.ListEnvironmentVariablesAsync(ct).ConfigureAwait(false);
            _reporter.Message(Importance.Low, $"Deployment {deployment.Name} has {Names(vars)}.");
            var actions = new List<string>();
            // In a read-only run on a deployment without WorkOS, placeholders stand in for what provisioning would return.
            var credentials = await EnsureCredentialsAsync(deployment, deploymentClient, bigBrain, vars, actions, ct).ConfigureAwait(false)
                ?? new Credentials("<provisioned client id>", "<provisioned environment id>", new Secret("<provisioned API key>"));

            // .env.local
            var written = new List<string>();
            if (framework == null || framework.Flavor == EnvFlavor.None)
            {
                _reporter.Warning(DiagnosticCodes.FrameworkNotWritten,
                    $"ConvexAuthKit does not know which variables {(framework?.Name ?? "this frontend")} needs, so it wrote nothing to .env.local; add the WorkOS client id and redirect URI ({redirectUri}) as the AuthKit SDK for your framework describes.",
                    inspection.Package.FilePath);
            }
            else
            {
                foreach (var write in SeedEnvPlan.For(framework.Flavor, credentials.ClientId, credentials.EnvironmentId, credentials.ApiKey.Reveal, redirectUri, envLocal))
                {
                    if (write.IsSecret)
                        _scrubber.Track(write.Value);
                    if (envLocal.Set(write.Name, write.Value, write.Comment) != EnvEdit.Unchanged)
                        written.Add(write.Name);
                }
                if (envLocal.IsModified)
                {
                    var what = $"{string.Join(", ", written)} to {Rel(inspection.EnvLocalPath)}";
                    if (_options.Mode == ProvisioningMode.Apply)
                    {
                        envLocal.Save();
                        actions.Add("wrote " + what);
                    }
                    else
                    {
                        actions.Add("would write " + what);
                    }
                }
                _inputs.File(inspection.EnvLocalPath);
            }

            // WorkOS registrations: last, because a repeat of them is harmless. WorkOS offers no cheap read of
            // them, so a read-only run only says what it would register.
            if (_options.Mode != ProvisioningMode.Apply)
            {
                actions.Add($"would make sure WorkOS has redirect URI {redirectUri} and CORS origin {devUrl}");
                return Planned(actions, selection, inspection);
            }
            var workOS = new WorkOSClient(transport, workOSUrl, credentials.ApiKey);
            if (await workOS.AddRedirectUriAsync(redirectUri, ct).ConfigureAwait(false) == Registration.Added)
                actions.Add($"registered redirect URI {redirectUri}");
            if (await workOS.AddCorsOriginAsync(devUrl, ct).ConfigureAwait(false) == Registration.Added)
                actions.Add($"registered CORS origin {devUrl}");

            var described = Describe(selection, inspection);
            return actions.Count == 0
                ? Done(Outcome.UpToDate, $"WorkOS AuthKit is already set up for {described}")
                : Done(Outcome.Changed, $"WorkOS AuthKit for {described}: {string.Join("; ", actions)}");
        }

        private static string Describe(DeploymentSelection selection, ProjectInspection inspection) =>
            $"{selection} ({inspection.Framework?.Name ?? "unknown framework"}, dev URL {inspection.DevUrl} from {inspection.DevUrlSource})";

        /// <summary>The end of a read-only run: the plan, or for Verify a failure when the deployment lacks what is needed.</summary>
        private ProvisioningResult Planned(List<string> actions, DeploymentSelection selection, ProjectInspection inspection)
        {
            var described = Describe(selection, inspection);
            if (_options.Mode == ProvisioningMode.Verify && actions.Exists(a => a.StartsWith("would provision", StringComparison.Ordinal)))
            {
                throw new ConvexAuthKitException(DiagnosticCodes.VerifyFailed,
                    $"Deployment {selection.Name} lacks the WorkOS variables convex/auth.config reads ({WorkOSVariables.ClientId}, {WorkOSVariables.ApiKey}); build once locally without ConvexAuthKitMode=Verify, or run `npx convex dev`, to provision them.");
            }
            return actions.Count == 0
                ? Done(Outcome.UpToDate, $"WorkOS AuthKit is already set up for {described} (read-only run)")
                : Done(Outcome.Planned, $"plan for {described}: {string.Join("; ", actions)}");
        }

        private static string Names(IReadOnlyDictionary<string, string> vars)
        {
            var workos = vars.Keys.Where(k => k.StartsWith("WORKOS_", StringComparison.Ordinal)).OrderBy(k => k, StringComparer.Ordinal).ToList();
            return workos.Count == 0 ? "no WORKOS_* variables" : string.Join(", ", workos) + " (names only)";
        }

        private sealed class Credentials
        {
            public Credentials(string clientId, string? environmentId, Secret apiKey)
            {
                ClientId = clientId;
                EnvironmentId = environmentId;
                ApiKey = apiKey;
            }

            public string ClientId { get; }
            public string? EnvironmentId { get; }
            public Secret ApiKey { get; }
        }

        /// <summary>
        /// Uses the deployment's WorkOS variables when they are there, provisions them when none are, and never
        /// overwrites a value the user set (the CLI does: a deviation we fix).
        /// </summary>
        private async Task<Credentials?> EnsureCredentialsAsync(
            AuthorizedDeployment deployment, DeploymentClient deploymentClient, BigBrainClient? bigBrain,
            IReadOnlyDictionary<string, string> vars, List<string> actions, CancellationToken ct)
        {
            vars.TryGetValue(WorkOSVariables.ClientId, out var clientId);
            vars.TryGetValue(WorkOSVariables.EnvironmentId, out var environmentId);
            vars.TryGetValue(WorkOSVariables.ApiKey, out var apiKey);
            var legacyKey = false;
            if (string.IsNullOrEmpty(apiKey) && vars.TryGetValue(WorkOSVariables.LegacyApiKey, out var legacy) && !string.IsNullOrEmpty(legacy))
            {
                apiKey = legacy;
                legacyKey = true;
            }
            if (!string.IsNullOrEmpty(apiKey))
                _scrubber.Track(apiKey!);

            var hasClient = !string.IsNullOrEmpty(clientId);
            var hasEnv = !string.IsNullOrEmpty(environmentId);
            var hasKey = !string.IsNullOrEmpty(apiKey);

            if (hasClient && hasKey)
            {
                if (legacyKey && _options.Mode != ProvisioningMode.Apply)
                {
                    actions.Add($"would copy {WorkOSVariables.LegacyApiKey} to {WorkOSVariables.ApiKey} on {deployment.Name}");
                }
                else if (legacyKey)
                {
                    await deploymentClient.UpdateEnvironmentVariablesAsync(
                        new[] { new KeyValuePair<string, string?>(WorkOSVariables.ApiKey, apiKey) }, ct).ConfigureAwait(false);
                    actions.Add($"copied {WorkOSVariables.LegacyApiKey} to {WorkOSVariables.ApiKey} on {deployment.Name}");
                }
                return new Credentials(clientId!, hasEnv ? environmentId : null, new Secret(apiKey!));
            }

            if (hasClient || hasEnv || hasKey)
            {
                var present = new[] { (WorkOSVariables.ClientId, hasClient), (WorkOSVariables.EnvironmentId, hasEnv), (WorkOSVariables.ApiKey, hasKey) };
                var missing = string.Join(" and ", present.Where(p => !p.Item2).Select(p => p.Item1));
                var have = string.Join(" and ", present.Where(p => p.Item2).Select(p => p.Item1));
                throw new ConvexAuthKitException(DiagnosticCodes.PartialDeploymentVariables,
                    $"Deployment {deployment.Name} has {have} but not {missing}; set the missing one with `npx convex env set`, or remove the WorkOS variables with `npx convex env remove` so ConvexAuthKit provisions a fresh environment.");
            }

            if (_options.Mode != ProvisioningMode.Apply)
            {
                actions.Add($"would provision a WorkOS environment and set {WorkOSVariables.ClientId}, {WorkOSVariables.EnvironmentId}, {WorkOSVariables.ApiKey} on {deployment.Name}");
                return null;
            }

            if (bigBrain == null)
            {
                throw new ConvexAuthKitException(DiagnosticCodes.DeploymentKeyCannotProvision,
                    $"CONVEX_DEPLOY_KEY is a key for deployment {deployment.Name} only, and such a key cannot provision a WorkOS environment; unset it and run `npx convex login`, or set the WorkOS variables yourself with `npx convex env set`.");
            }

            if (!await bigBrain.HasAssociatedWorkOSTeamAsync(deployment.Name, ct).ConfigureAwait(false))
                throw BigBrainClient.NoWorkOSTeam();
            var environment = await bigBrain.GetOrProvisionEnvironmentAsync(deployment.Name, ct).ConfigureAwait(false);

            // All three in one call, in the CLI's order.
            await deploymentClient.UpdateEnvironmentVariablesAsync(new[]
            {
                new KeyValuePair<string, string?>(WorkOSVariables.ClientId, environment.ClientId),
                new KeyValuePair<string, string?>(WorkOSVariables.EnvironmentId, environment.EnvironmentId),
                new KeyValuePair<string, string?>(WorkOSVariables.ApiKey, environment.ApiKey.Reveal),
            }, ct).ConfigureAwait(false);
            actions.Add($"{(environment.NewlyProvisioned ? "provisioned" : "reused")} WorkOS environment {environment.EnvironmentId} and set {WorkOSVariables.ClientId}, {WorkOSVariables.EnvironmentId}, {WorkOSVariables.ApiKey} on {deployment.Name}");
            return new Credentials(environment.ClientId, environment.EnvironmentId, environment.ApiKey);
        }

        /// <summary>Authorizes against the deployment: with the access token (Big Brain), or with a deployment deploy key alone.</summary>
        private async Task<(AuthorizedDeployment? Deployment, BigBrainClient? BigBrain)> ConnectAsync(
            HttpTransport transport, Uri host, bool hostOverridden, DeploymentSelection selection, DeployKey? deployKey,
            Func<string, string?> env, CancellationToken ct)
        {
            var home = _options.ResolvedHomeDir();
            var token = ConvexCredentials.ReadAccessToken(env, home, hostOverridden ? host.ToString() : null, out var configFile);

            if (token == null && deployKey != null && deployKey.IsDeploymentKey && deployKey.DeploymentName == selection.Name)
            {
                // A deployment key may read and set its own deployment's variables, but never provision.
                var secret = _scrubber.Track(deployKey.Value);
                var anonymous = new BigBrainClient(transport, host, new Secret(""), _scrubber);
                var origin = await anonymous.UrlForKeyAsync(secret, ct).ConfigureAwait(false);
                return (new AuthorizedDeployment(selection.Name, deployKey.DeploymentKind ?? "dev", origin, secret), null);
            }

            if (token == null)
            {
                throw new ConvexAuthKitException(DiagnosticCodes.NotLoggedIn,
                    $"You are not logged in to Convex (no access token in {configFile} or CONVEX_OVERRIDE_ACCESS_TOKEN); run `npx convex login`, then build again.");
            }

            var bigBrain = new BigBrainClient(transport, host, _scrubber.Track(token), _scrubber);
            var type = selection.Kind == DeploymentKind.Dev ? "dev" : null;
            var deployment = await bigBrain.AuthorizeAsync(selection.Name, type, ct).ConfigureAwait(false);
            if (deployment.DeploymentType != "dev")
            {
                // A bare name that turned out to be prod or preview.
                NotProvisionedKind(deployment.DeploymentType == "prod" ? DeploymentKind.Prod : DeploymentKind.Preview, deployment.DeploymentType + ":" + deployment.Name);
                return (null, bigBrain);
            }
            return (deployment, bigBrain);
        }

        private bool NotProvisionedKind(DeploymentKind kind, string shown)
        {
            switch (kind)
            {
                case DeploymentKind.Prod:
                case DeploymentKind.Preview:
                    _reporter.Warning(DiagnosticCodes.DeploymentKindNotProvisioned,
                        $"CONVEX_DEPLOYMENT is {shown}: ConvexAuthKit only provisions WorkOS for dev deployments; configure this one by hand in the Convex dashboard (deployment settings, Integrations, WorkOS), see https://docs.convex.dev/auth/authkit/.");
                    return true;
                case DeploymentKind.Local:
                case DeploymentKind.Anonymous:
                    _reporter.Warning(DiagnosticCodes.DeploymentKindUnsupported,
                        $"CONVEX_DEPLOYMENT is {shown}: WorkOS AuthKit is only provisioned for Convex cloud dev deployments; set the WorkOS variables of a local deployment by hand with `npx convex env set`.");
                    return true;
                default:
                    return false;
            }
        }

        private string DevUrl(Framework? framework, out string source)
        {
            if (!string.IsNullOrWhiteSpace(_options.FrontendUrl))
            {
                source = _options.FrontendUrlSource ?? "ConvexAuthKitFrontendUrl";
                return _options.FrontendUrl!.Trim().TrimEnd('/');
            }
            if (framework?.DevUrl != null)
            {
                source = framework.Name + " default";
                return framework.DevUrl;
            }
            source = "fallback";
            return FrameworkDetector.FallbackDevUrl;
        }

        /// <summary>Real environment variables first, then .env.local, then .env (the CLI's rule); each read is tracked for the cache.</summary>
        private Func<string, string?> ProjectEnvironment(string frontendDir)
        {
            var fromFiles = ProjectEnv.Load(frontendDir, _options.Environment);
            return name =>
            {
                var real = _options.Environment(name);
                _inputs.Environment(name, real);
                if (real != null)
                    return real;
                return fromFiles.TryGetValue(name, out var value) ? value : null;
            };
        }

        private void TrackScannedFiles(string functionsDir, AuthConfigScanResult scan)
        {
            foreach (var name in new[] { "auth.config.ts", "auth.config.js", "auth.config.mjs" })
                _inputs.File(Path.Combine(functionsDir, name));
            // Relative modules the config imports count too: editing a helper can change the answer.
            foreach (var file in scan.ImportedFiles)
                _inputs.File(file);
        }

        private ProvisioningResult Done(Outcome outcome, string summary) =>
            new ProvisioningResult(outcome, _scrubber.Scrub(summary), new Dictionary<string, string>(_inputs.Entries.ToDictionary(e => e.Key, e => e.Value)));

        private string Rel(string path)
        {
            var root = Path.GetFullPath(_options.ProjectDir).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
            var full = Path.GetFullPath(path);
            return full.StartsWith(root, StringComparison.Ordinal) ? full.Substring(root.Length) : full;
        }
    }
}
