using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using ConvexAuthKit.Api;
using ConvexAuthKit.Applying;
using ConvexAuthKit.Credentials;
using ConvexAuthKit.Diagnostics;
using ConvexAuthKit.Inspection;
using ConvexAuthKit.Options;
using ConvexAuthKit.Planning;

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
        private readonly RunContext _run;
        private readonly ProvisioningOptions _options;
        private readonly IReporter _reporter;
        private readonly SecretScrubber _scrubber;

        public RemoteDeploymentProvisioner(RunContext run)
        {
            _run = run;
            _options = run.Options;
            _reporter = run.Reporter;
            _scrubber = run.Scrubber;
        }

        private bool Applying => _run.Applying;

        private ProvisioningResult _done(RunEffect outcome, string summary) => _run.Done(outcome, summary);

        public async Task<ProvisioningResult> RunAsync(CancellationToken ct)
        {
            var plan = new PublishInspector(_options, _run.Reader, _reporter).Inspect();
            if (plan.NothingToDo != null)
                return _done(RunEffect.NothingToDo, plan.NothingToDo);
            if (plan.NotProvisioned != null)
                return _done(RunEffect.NotProvisioned, plan.NotProvisioned);
            PublishPlanner.CheckBeforeRequests(plan);
            var target = plan.Target!;

            using var transport = new HttpTransport(_options.Http, _options.HttpHandler);
            var host = HttpTransport.RequireSecure(_options.ResolvedProvisionHost(out _), "ConvexProvisionHost");
            var workOSUrl = HttpTransport.RequireSecure(_options.WorkOSApiUrl, "ConvexAuthKitWorkOSApiUrl");
            var bearer = plan.KeyShape == DeployKeyShape.None ? AccessToken(plan.Environment) : null;
            var actions = new List<string>();

            AuthorizedDeployment deployment;
            BigBrainClient? bigBrain;
            try
            {
                (deployment, bigBrain) = await ConnectAsync(transport, host, plan, bearer, ct).ConfigureAwait(false);
            }
            catch (ConvexAuthKitException e) when (e.Code == DiagnosticCodes.RemoteDeploymentNotFound && plan.KeyShape == DeployKeyShape.PreviewDeployKey && !Applying)
            {
                return PreviewNotCreatedYet(target);
            }
            _reporter.Message(Importance.Low, $"{target} is deployment {deployment.Name}.");

            var deploymentClient = new DeploymentClient(transport, deployment.Origin, deployment.AdminKey, deployment.Name);
            var vars = await deploymentClient.ListEnvironmentVariablesAsync(ct).ConfigureAwait(false);
            var rules = new RemoteCredentialRules(target, PublishPlanner.EnvironmentType(plan));
            var credentials = await CredentialStep.RunAsync(deployment, deploymentClient, bigBrain, vars,
                PublishPlanner.BuildValues(plan), rules, _run, actions, ct).ConfigureAwait(false);
            var registrations = PublishPlanner.PlanLocal(plan, credentials.Credentials).Registrations;
            var described = $"{target} ({deployment.Name}, authKit.{target.SectionName} in convex.json)";
            if (!Applying)
            {
                if (!registrations.IsEmpty)
                    actions.Add("would make sure WorkOS has " + registrations.Describe());
                if (_options.Mode == ProvisioningMode.Verify && credentials.DeploymentIncomplete)
                {
                    throw new ConvexAuthKitException(DiagnosticCodes.VerifyFailed,
                        $"Deployment {deployment.Name} ({target}) lacks the WorkOS variables authKit.{target.SectionName} needs ({WorkOSVariables.ClientId}, {WorkOSVariables.ApiKey}); publish once without ConvexAuthKitMode=Verify, or run `npx convex deploy`, to provision them.");
                }
                return actions.Count == 0
                    ? _done(RunEffect.UpToDate, $"WorkOS AuthKit is already set up for {described} (read-only run)")
                    : _done(RunEffect.Planned, $"plan for {described}: {string.Join("; ", actions)}");
            }

            // The deployment update beside the WorkOS registrations: they need only the API key.
            await ConcurrentRegistration.RunAsync(
                token => CredentialStep.SendAsync(deploymentClient, credentials.Update, actions, token), () => { },
                new WorkOSClient(transport, workOSUrl, credentials.Credentials.ApiKey), registrations, actions, _reporter,
                url => $"WorkOS did not take the app homepage URL {url}; set it in the WorkOS dashboard if you need one.",
                ct).ConfigureAwait(false);
            return actions.Count == 0
                ? _done(RunEffect.UpToDate, $"WorkOS AuthKit is already set up for {described}")
                : _done(RunEffect.Changed, $"WorkOS AuthKit for {described}: {string.Join("; ", actions)}");
        }

        private async Task<(AuthorizedDeployment Deployment, BigBrainClient? BigBrain)> ConnectAsync(
            HttpTransport transport, Uri host, PublishSnapshot plan, string? accessToken, CancellationToken ct)
        {
            var target = plan.Target!;
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
                case DeployKeyShape.PreviewDeployKey when !Applying:
                {
                    // Claiming creates the preview when it is new, so a read-only run (like the CLI's `deploy --dry-run`)
                    // never claims: authorize_preview, which the CLI sends with a preview deploy key for --preview-name,
                    // only finds an existing one (PreviewNotCreatedYet when there is none).
                    var bigBrain = new BigBrainClient(transport, host, _scrubber.Track(key!.Value), _scrubber);
                    var (team, project) = Slugs(key.Value);
                    var selection = new JsonObject { ["kind"] = "teamAndProjectSlugs", ["teamSlug"] = team, ["projectSlug"] = project };
                    return (await bigBrain.AuthorizePreviewAsync(target.PreviewName!, selection, ct).ConfigureAwait(false), bigBrain);
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
            var token = ConvexCredentials.ReadAccessToken(env, _options.ResolvedHomeDir(), _options.GivenProvisionHost, out var configFile);
            if (token == null)
            {
                throw new ConvexAuthKitException(DiagnosticCodes.NotLoggedIn,
                    $"You are not logged in to Convex (no access token in {configFile} or CONVEX_OVERRIDE_ACCESS_TOKEN), and CONVEX_DEPLOY_KEY is not set; in CI set CONVEX_DEPLOY_KEY to the deploy key of the deployment to publish to, locally run `npx convex login`.");
            }
            return token;
        }

        /// <summary>
        /// A read-only run with a preview deploy key for a preview that does not exist yet: what a publish would do, or,
        /// for Verify, a failure (a preview that does not exist has none of what authKit.preview needs).
        /// </summary>
        private ProvisioningResult PreviewNotCreatedYet(DeploymentTarget target)
        {
            if (_options.Mode == ProvisioningMode.Verify)
            {
                throw new ConvexAuthKitException(DiagnosticCodes.VerifyFailed,
                    $"Preview deployment '{target.PreviewName}' does not exist yet, so it lacks the WorkOS variables authKit.preview needs; `dotnet publish` without ConvexAuthKitMode=Verify (or `npx convex deploy`) creates it and sets it up.");
            }
            _reporter.Message(Importance.Normal, $"ConvexAuthKit: preview '{target.PreviewName}' does not exist yet; a read-only run does not claim it, because claiming creates it.");
            return _done(RunEffect.Planned, $"plan for {target} (authKit.preview in convex.json): would claim preview deployment '{target.PreviewName}' (Convex creates it) and set up WorkOS for it as authKit.preview says");
        }

        private static string DeploymentNameOf(string key) => DeployKeys.DeploymentNameOf(key);

        private static (string Team, string Project) Slugs(string key) => DeployKeys.Slugs(key);
    }
}
