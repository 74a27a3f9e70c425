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
using ConvexAuthKit.Evaluation;
using ConvexAuthKit.Frameworks;
using ConvexAuthKit.Provisioning.ConfigMode;
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
    /// (the provisioning call is idempotent, so a repeat finds the same environment); the WorkOS registrations,
    /// whose repeat is harmless, are sent beside the deployment update (<see cref="ConcurrentRegistration"/>).
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
            _reporter.Message(Importance.Low, $"Frontend folder: {frontendDir} ({(_options.FrontendDir != null ? "from ConvexAuthKitFrontendDir" : "found by convention")}).");
            if (!package.DependsOnConvex)
            {
                inspection.NothingToDo = $"{Rel(package.FilePath)} does not depend on convex, so there is no Convex project to configure.";
                return inspection;
            }

            _inputs.File(Path.Combine(frontendDir, ConvexJson.FileName));
            var convexJson = ConvexJson.Load(frontendDir);
            inspection.ConvexJson = convexJson;
            if (convexJson.AuthKit != null)
            {
                // As in the CLI: an authKit key switches auth.config detection off, whatever it holds.
                if (convexJson.AuthKit.Dev == null)
                {
                    inspection.NothingToDo = $"{Rel(convexJson.FilePath!)} has an authKit section without dev, so nothing is set up for dev deployments (auth.config is not consulted when authKit is present).";
                    return inspection;
                }
                inspection.AuthKitDev = convexJson.AuthKit.Dev;
                _reporter.Message(Importance.Low, $"{Rel(convexJson.FilePath!)} has authKit.dev (line {convexJson.AuthKit.Dev.Line}): it decides what is provisioned, written and registered.");
            }
            else if (!ReadsWorkOSClientId(inspection, convexJson.FunctionsDir(frontendDir)))
            {
                return inspection;
            }

            inspection.Framework = FrameworkDetector.Detect(package.Dependencies);
            inspection.DevUrl = DevUrl(frontendDir, inspection.Framework, out var devUrlSource);
            inspection.DevUrlSource = inspection.IsConfigMode ? "convex.json" : devUrlSource;
            _reporter.Message(Importance.Low,
                $"Framework: {(inspection.Framework == null ? "none recognised" : inspection.Framework.Name + " (package.json depends on " + inspection.Framework.Dependency + ")")}; dev URL {inspection.DevUrl} from {inspection.DevUrlSource}.");

            // Read (and validate) .env.local before any request: a file we could not write must fail the build
            // before anything is changed remotely.
            inspection.EnvLocalPath = Path.Combine(frontendDir, ".env.local");
            inspection.EnvLocal = EnvFileDocument.Load(inspection.EnvLocalPath);
            if (_options.Mode == ProvisioningMode.Apply)
                inspection.EnvLocal.EnsureWritable();
            _inputs.File(inspection.EnvLocalPath);
            _inputs.File(Path.Combine(frontendDir, ".env"));
            var env = TrackedEnvironment.WithEnvFiles(frontendDir, _options.Environment, _inputs);
            inspection.Environment = env;

            if (!string.IsNullOrEmpty(env("CONVEX_SELF_HOSTED_URL")))
            {
                _reporter.Warning(DiagnosticCodes.DeploymentKindUnsupported,
                    "CONVEX_SELF_HOSTED_URL is set: WorkOS AuthKit is only provisioned for Convex cloud dev deployments; configure WorkOS on your self-hosted backend by hand.");
                inspection.NotProvisioned = "self-hosted deployment: nothing provisioned";
                return inspection;
            }

            var deployKey = ConvexCredentials.ReadDeployKey(env);
            inspection.DeployKey = deployKey;
            var atPublish = Deployments.RemoteDeploymentProvisioner.HandledAtPublish(deployKey, convexJson.AuthKit);
            if (atPublish != null)
            {
                inspection.NothingToDo = atPublish;
                return inspection;
            }
            if (deployKey?.Kind == DeployKeyKind.Preview)
            {
                NotProvisionedKind(DeploymentKind.Preview, "CONVEX_DEPLOY_KEY is a preview deploy key");
                inspection.NotProvisioned = "preview deploy key: nothing provisioned";
                return inspection;
            }
            var selection = SelectDeployment(env, deployKey);
            if (selection == null)
            {
                throw new ConvexAuthKitException(DiagnosticCodes.DeploymentNotConfigured,
                    $"No CONVEX_DEPLOYMENT in {Rel(inspection.EnvLocalPath)} or the environment, so there is no dev deployment to configure; run `npx convex dev` once in {Rel(frontendDir)} to create one.",
                    inspection.EnvLocalPath);
            }
            inspection.Deployment = selection;
            _reporter.Message(Importance.Low, $"Deployment: {selection}.");
            if (NotProvisionedKind(selection.Kind, $"CONVEX_DEPLOYMENT is {selection}"))
            {
                inspection.NotProvisioned = $"{selection} is not a cloud dev deployment: nothing provisioned";
                return inspection;
            }
            if (inspection.IsConfigMode)
                CheckBuildEnvPlaceholders(inspection);
            else
                EnvAssignmentFormatter.ThrowIfCannotWriteValue($"redirect URI (from {inspection.DevUrlSource})", inspection.RedirectUri, Rel(inspection.EnvLocalPath));
            return inspection;
        }

        /// <summary>Seed mode's question (docs/cli-rules.md#when-it-acts): does auth.config read WORKOS_CLIENT_ID? If not, says why and returns false.</summary>
        private bool ReadsWorkOSClientId(ProjectInspection inspection, string functionsDir)
        {
            var scan = AuthConfigScanner.ScanFunctionsDir(functionsDir);
            TrackScannedFiles(functionsDir, scan);
            // What the scan cannot decide is evaluated in Node (or falls back), with what that read as cache inputs.
            scan = UndecidableConfigResolver.Decide(scan, new EvaluationSettings(
                inspection.FrontendDir, _options.IntermediateDir, _options.EvaluationTimeout, _options.Environment, _reporter, file => _inputs.File(file)));
            var how = scan.Method == ScanMethod.Evaluated ? "evaluated" : scan.Method == ScanMethod.Fallback ? "scanned, undecidable: fallback rule" : "scanned";
            if (!scan.ReadsWorkOSClientId)
            {
                inspection.NothingToDo = scan.Reason + " (" + how + ")";
                return false;
            }
            _reporter.Message(Importance.Low, scan.Reason + " (" + how + ")");
            return true;
        }

        /// <summary>
        /// A deployment deploy key names its deployment and wins over CONVEX_DEPLOYMENT, as in the CLI; otherwise
        /// CONVEX_DEPLOYMENT (environment, .env.local, .env) says which deployment.
        /// </summary>
        private DeploymentSelection? SelectDeployment(Func<string, string?> env, DeployKey? deployKey)
        {
            var configured = DeploymentSelection.Parse(env("CONVEX_DEPLOYMENT"));
            if (deployKey == null || !deployKey.IsDeploymentKey)
                return configured;
            var fromKey = DeploymentSelection.Parse(deployKey.DeploymentKind + ":" + deployKey.DeploymentName);
            if (configured != null && configured.Name != fromKey?.Name)
                _reporter.Message(Importance.Normal, $"CONVEX_DEPLOY_KEY is a key for {fromKey}, which wins over CONVEX_DEPLOYMENT={configured} as it does in the Convex CLI.");
            return fromKey;
        }

        /// <summary>Every ${buildEnv.X} that will be resolved must have a value: checked before the first request.</summary>
        private void CheckBuildEnvPlaceholders(ProjectInspection inspection)
        {
            var dev = inspection.AuthKitDev!;
            var resolver = new TemplateResolver(inspection.ConvexJson!.FilePath!, inspection.Environment, null);
            if (dev.LocalEnvVars != null)
            {
                foreach (var variable in ConfigEnvPlan.Written(dev.LocalEnvVars, inspection.EnvLocal!, inspection.Environment))
                {
                    // A value .env.local cannot hold safely fails now, not after the deployment was changed. With an
                    // ${authEnv.X} still unknown, only its characters can be judged yet.
                    var value = resolver.Resolve(variable.Value);
                    var known = !variable.Template.Placeholders.Any(p => p.Source == TemplateSource.AuthEnv);
                    if (known || EnvAssignmentFormatter.UnwritableCharacter(value) != null)
                        EnvAssignmentFormatter.ThrowIfCannotWrite(variable.Name, value, Rel(inspection.EnvLocalPath), inspection.ConvexJson!.FilePath, variable.Line);
                }
            }
            ConfigRegistrations.For(dev.Configure, resolver);
        }

        public async Task<ProvisioningResult> RunAsync(CancellationToken ct)
        {
            if (_options.ForPublish)
                return await new Deployments.RemoteDeploymentProvisioner(_options, _reporter, _scrubber, _inputs, Done).RunAsync(ct).ConfigureAwait(false);
            var inspection = Inspect();
            if (inspection.NothingToDo != null)
                return Done(Outcome.NothingToDo, inspection.NothingToDo);
            if (inspection.NotProvisioned != null)
                return Done(Outcome.NotProvisioned, inspection.NotProvisioned);

            var selection = inspection.Deployment!;
            var envLocal = inspection.EnvLocal!;

            using var transport = new HttpTransport(_options.Http, _options.HttpHandler);
            var host = HttpTransport.RequireSecure(_options.ResolvedProvisionHost(out _), "ConvexProvisionHost");
            var workOSUrl = HttpTransport.RequireSecure(_options.WorkOSApiUrl, "ConvexAuthKitWorkOSApiUrl");

            var (deployment, bigBrain) = await ConnectAsync(transport, host, selection, inspection.DeployKey, inspection.Environment, ct).ConfigureAwait(false);
            if (deployment == null)
                return Done(Outcome.NotProvisioned, $"{selection} is not a cloud dev deployment: nothing provisioned");

            var deploymentClient = new DeploymentClient(transport, deployment.Origin, deployment.AdminKey, deployment.Name);
            var vars = await deploymentClient.ListEnvironmentVariablesAsync(ct).ConfigureAwait(false);
            _reporter.Message(Importance.Low, $"Deployment {deployment.Name} has {Names(vars)}.");
            var actions = new List<string>();
            var build = new BuildWorkOSVariables(inspection.Environment, _options.Environment, envLocal, Rel(inspection.EnvLocalPath));
            var resolver = new WorkOSCredentialResolver(_options, _reporter, _scrubber, actions);
            // In a read-only run on a deployment without WorkOS, placeholders stand in for what provisioning would return.
            var credentials = await resolver.ResolveAsync(deployment, deploymentClient, bigBrain, vars, build, ct).ConfigureAwait(false)
                ?? WorkOSCredentials.Placeholder();

            var registrations = inspection.IsConfigMode
                ? PlanConfigMode(inspection, credentials, out var writes)
                : PlanSeedMode(inspection, credentials, out writes);

            // WorkOS offers no cheap read of the registrations, so a read-only run only says what it would register.
            if (_options.Mode != ProvisioningMode.Apply)
            {
                WriteEnvLocal(inspection, writes, actions);
                if (!registrations.IsEmpty)
                    actions.Add("would make sure WorkOS has " + registrations.Describe());
                return Planned(actions, selection, inspection, resolver.DeploymentIncomplete);
            }
            // The deployment update, then .env.local, beside the WorkOS registrations (which need only the API key).
            await ConcurrentRegistration.RunAsync(
                token => resolver.UpdateDeploymentAsync(deploymentClient, token),
                () => WriteEnvLocal(inspection, writes, actions),
                new WorkOSClient(transport, workOSUrl, credentials.ApiKey), registrations, actions, _reporter,
                url => $"WorkOS did not take the app homepage URL {url} (it refuses localhost and plain http); set it in the WorkOS dashboard if you need one.",
                ct).ConfigureAwait(false);

            var described = Describe(selection, inspection);
            return actions.Count == 0
                ? Done(Outcome.UpToDate, $"WorkOS AuthKit is already set up for {described}")
                : Done(Outcome.Changed, $"WorkOS AuthKit for {described}: {string.Join("; ", actions)}");
        }

        /// <summary>Seed mode (docs/cli-rules.md#seed-mode): the framework's variables, the default redirect URI and CORS origin.</summary>
        private WorkOSRegistrations PlanSeedMode(ProjectInspection inspection, WorkOSCredentials credentials, out IReadOnlyList<EnvWrite> writes)
        {
            var framework = inspection.Framework;
            if (framework == null || framework.Flavor == EnvFlavor.None)
            {
                _reporter.Warning(DiagnosticCodes.FrameworkNotWritten,
                    $"ConvexAuthKit does not know which variables {(framework?.Name ?? "this frontend")} needs, so it wrote nothing to .env.local; add the WorkOS client id and redirect URI ({inspection.RedirectUri}) as the AuthKit SDK for your framework describes.",
                    inspection.Package.FilePath);
                writes = new EnvWrite[0];
            }
            else
            {
                writes = SeedEnvPlan.For(framework.Flavor, credentials.ClientId, credentials.EnvironmentId, credentials.ApiKey.Reveal, inspection.RedirectUri, inspection.EnvLocal!);
            }
            return new WorkOSRegistrations(new[] { inspection.RedirectUri }, null, new[] { inspection.DevUrl });
        }

        /// <summary>Config mode (docs/cli-rules.md#config-mode): authKit.dev.localEnvVars and authKit.dev.configure, templates resolved.</summary>
        private WorkOSRegistrations PlanConfigMode(ProjectInspection inspection, WorkOSCredentials credentials, out IReadOnlyList<EnvWrite> writes)
        {
            var dev = inspection.AuthKitDev!;
            var resolver = new TemplateResolver(inspection.ConvexJson!.FilePath!, inspection.Environment, credentials);
            writes = ConfigEnvPlan.For(dev.LocalEnvVars, inspection.Framework, credentials, resolver, inspection.EnvLocal!, inspection.Environment);
            return ConfigRegistrations.For(dev.Configure, resolver);
        }

        private void WriteEnvLocal(ProjectInspection inspection, IReadOnlyList<EnvWrite> writes, List<string> actions)
        {
            var envLocal = inspection.EnvLocal!;
            var written = new List<string>();
            var placeholders = new List<string>();
            foreach (var write in writes)
            {
                if (write.IsSecret)
                    _scrubber.Track(write.Value);
                if (envLocal.Set(write.Name, write.Value, write.Comment) != EnvEdit.Unchanged)
                {
                    written.Add(write.Name);
                    if (write.ReplacesPlaceholder)
                        placeholders.Add(write.Name);
                }
            }
            if (!envLocal.IsModified)
                return;
            // The file is an input of the cache: record it as this run leaves it.
            var what = $"{string.Join(", ", written)} to {Rel(inspection.EnvLocalPath)}";
            // The CLI leaves template placeholders in place (and the app broken); we replace them, and say so.
            if (placeholders.Count > 0)
                what += $" (replacing the placeholder value{(placeholders.Count == 1 ? "" : "s")} of {string.Join(", ", placeholders)})";
            if (_options.Mode == ProvisioningMode.Apply)
            {
                envLocal.Save();
                _inputs.File(inspection.EnvLocalPath);
                actions.Add("wrote " + what);
            }
            else
            {
                actions.Add("would write " + what);
            }
        }

        private static string Describe(DeploymentSelection selection, ProjectInspection inspection) => inspection.IsConfigMode
            ? $"{selection} (authKit.dev in convex.json)"
            : $"{selection} ({inspection.Framework?.Name ?? "unknown framework"}, dev URL {inspection.DevUrl} from {inspection.DevUrlSource})";

        /// <summary>The end of a read-only run: the plan, or for Verify a failure when the deployment lacks what is needed.</summary>
        private ProvisioningResult Planned(List<string> actions, DeploymentSelection selection, ProjectInspection inspection, bool deploymentIncomplete)
        {
            var described = Describe(selection, inspection);
            if (_options.Mode == ProvisioningMode.Verify && deploymentIncomplete)
            {
                var needs = inspection.IsConfigMode ? "convex.json's authKit.dev needs" : "convex/auth.config reads";
                throw new ConvexAuthKitException(DiagnosticCodes.VerifyFailed,
                    $"Deployment {selection.Name} lacks the WorkOS variables {needs} ({WorkOSVariables.ClientId}, {WorkOSVariables.ApiKey}); build once locally without ConvexAuthKitMode=Verify, or run `npx convex dev`, to provision them.");
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

        /// <summary>
        /// Authorizes against the deployment. A deployment deploy key is used on its own, as the CLI uses it, and
        /// can then never provision; otherwise Big Brain is called with a project deploy key or the access token.
        /// </summary>
        private async Task<(AuthorizedDeployment? Deployment, BigBrainClient? BigBrain)> ConnectAsync(
            HttpTransport transport, Uri host, DeploymentSelection selection, DeployKey? deployKey,
            Func<string, string?> env, CancellationToken ct)
        {
            if (deployKey != null && deployKey.IsDeploymentKey)
            {
                var secret = _scrubber.Track(deployKey.Value);
                var anonymous = new BigBrainClient(transport, host, new Secret(""), _scrubber);
                var origin = await anonymous.UrlForKeyAsync(secret, ct).ConfigureAwait(false);
                return (new AuthorizedDeployment(selection.Name, deployKey.DeploymentKind ?? "dev", origin, secret), null);
            }

            string? bearer;
            if (deployKey != null)
            {
                bearer = deployKey.Value;
            }
            else
            {
                var provisionHost = !string.IsNullOrEmpty(_options.ProvisionHost) ? _options.ProvisionHost : _options.Environment("CONVEX_PROVISION_HOST");
                bearer = ConvexCredentials.ReadAccessToken(env, _options.ResolvedHomeDir(), provisionHost, out var configFile);
                if (bearer == null)
                {
                    throw new ConvexAuthKitException(DiagnosticCodes.NotLoggedIn,
                        $"You are not logged in to Convex (no access token in {configFile} or CONVEX_OVERRIDE_ACCESS_TOKEN); run `npx convex login`, then build again.");
                }
            }

            var bigBrain = new BigBrainClient(transport, host, _scrubber.Track(bearer), _scrubber);
            var type = selection.Kind == DeploymentKind.Dev ? "dev" : null;
            var deployment = await bigBrain.AuthorizeAsync(selection.Name, type, ct).ConfigureAwait(false);
            if (deployment.DeploymentType != "dev")
            {
                // A bare name that turned out to be prod or preview.
                NotProvisionedKind(deployment.DeploymentType == "prod" ? DeploymentKind.Prod : DeploymentKind.Preview,
                    $"CONVEX_DEPLOYMENT {selection} is a {deployment.DeploymentType} deployment");
                return (null, bigBrain);
            }
            return (deployment, bigBrain);
        }

        /// <summary>Warns once, with the manual steps, for a kind that is never provisioned; <paramref name="what"/> opens the sentence.</summary>
        private bool NotProvisionedKind(DeploymentKind kind, string what)
        {
            switch (kind)
            {
                case DeploymentKind.Prod:
                case DeploymentKind.Preview:
                    _reporter.Warning(DiagnosticCodes.DeploymentKindNotProvisioned,
                        $"{what}: ConvexAuthKit only provisions WorkOS for dev deployments; configure this one by hand in the Convex dashboard (deployment settings, Integrations, WorkOS), see https://docs.convex.dev/auth/authkit/.");
                    return true;
                case DeploymentKind.Local:
                case DeploymentKind.Anonymous:
                    _reporter.Warning(DiagnosticCodes.DeploymentKindUnsupported,
                        $"{what}: WorkOS AuthKit is only provisioned for Convex cloud dev deployments; set the WorkOS variables of a local deployment by hand with `npx convex env set`.");
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>
        /// The dev server origin, from the first source that gives one: ConvexAuthKitFrontendUrl, the project's
        /// SpaProxyServerUrl (both arrive as FrontendUrl), the port the frontend's own config sets, the framework default.
        /// </summary>
        private string DevUrl(string frontendDir, Framework? framework, out string source)
        {
            if (!string.IsNullOrWhiteSpace(_options.FrontendUrl))
            {
                source = _options.FrontendUrlSource ?? "ConvexAuthKitFrontendUrl";
                var url = _options.FrontendUrl!.Trim().TrimEnd('/');
                // It becomes the CORS origin and the start of the redirect URI: checked before any request.
                var problem = RegistrationUrls.Problem(url, UrlRole.Origin);
                if (problem != null)
                {
                    throw new ConvexAuthKitException(DiagnosticCodes.FrontendUrlInvalid,
                        $"{source} {problem}, so it cannot be the dev server's origin; set it to one such as http://localhost:5173 (scheme, host and port only).");
                }
                return url;
            }
            var configFiles = new List<string>();
            var configured = DevServerPort.Find(frontendDir, framework, configFiles);
            foreach (var file in configFiles)
                _inputs.File(file);
            if (configured != null)
            {
                source = "the port set in " + Rel(configured.Value.File);
                return "http://localhost:" + configured.Value.Port;
            }
            if (framework?.DevUrl != null)
            {
                source = framework.Name + " default";
                return framework.DevUrl;
            }
            source = "fallback";
            return FrameworkDetector.FallbackDevUrl;
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
