using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ConvexAuthKit.Api;
using ConvexAuthKit.Diagnostics;

namespace ConvexAuthKit.Provisioning
{
    /// <summary>
    /// Decides which WorkOS environment the run uses, as the CLI does for a dev deployment: the build's own
    /// WORKOS_* variables first, then the deployment's; provision only when the client id or the API key is
    /// still missing; copy what the deployment lacks onto it.
    ///
    /// Deviations from the CLI (each tested, listed in docs/differences-from-cli.md):
    /// a deployment with one or two of the variables is an error instead of being provisioned over; a build
    /// value without its partner (client id without API key, or the reverse) is an error instead of being
    /// silently ignored; the pre-1.31.4 WORKOS_ENVIRONMENT_API_KEY is read as the key instead of provisioning again.
    /// A value the deployment already has is never overwritten: a difference is CAK0201.
    /// </summary>
    internal sealed class WorkOSCredentialResolver
    {
        private readonly ProvisioningOptions _options;
        private readonly IReporter _reporter;
        private readonly SecretScrubber _scrubber;
        private readonly List<string> _actions;

        public WorkOSCredentialResolver(ProvisioningOptions options, IReporter reporter, SecretScrubber scrubber, List<string> actions)
        {
            _options = options;
            _reporter = reporter;
            _scrubber = scrubber;
            _actions = actions;
        }

        private bool Applying => _options.Mode == ProvisioningMode.Apply;

        /// <summary>Set by a read-only run when the deployment lacks WORKOS_CLIENT_ID or would need provisioning (what Verify fails on).</summary>
        public bool DeploymentIncomplete { get; private set; }

        /// <summary>The credentials, or null in a read-only run that would have to provision them.</summary>
        public async Task<WorkOSCredentials?> ResolveAsync(
            AuthorizedDeployment deployment, DeploymentClient deploymentClient, BigBrainClient? bigBrain,
            IReadOnlyDictionary<string, string> vars, BuildWorkOSVariables build, CancellationToken ct)
        {
            var onDeployment = DeploymentValues(vars);
            foreach (var key in new[] { build.Get(WorkOSVariables.ApiKey), onDeployment.ApiKey })
            {
                if (key != null)
                    _scrubber.Track(key);
            }

            var clientId = build.Get(WorkOSVariables.ClientId) ?? onDeployment.ClientId;
            var apiKey = build.Get(WorkOSVariables.ApiKey) ?? onDeployment.ApiKey;
            var environmentId = build.Get(WorkOSVariables.EnvironmentId) ?? onDeployment.EnvironmentId;

            if (clientId != null && apiKey != null)
            {
                ThrowOnMismatch(deployment, build, onDeployment);
                await CopyMissingToDeploymentAsync(deployment, deploymentClient, vars, onDeployment, clientId, apiKey, environmentId, ct).ConfigureAwait(false);
                return new WorkOSCredentials(clientId, environmentId, new Secret(apiKey));
            }

            ThrowOnPartialDeployment(deployment, onDeployment);
            ThrowOnPartialBuild(build);
            return await ProvisionAsync(deployment, deploymentClient, bigBrain, ct).ConfigureAwait(false);
        }

        private static DeploymentWorkOSValues DeploymentValues(IReadOnlyDictionary<string, string> vars)
        {
            string? Value(string name) => vars.TryGetValue(name, out var v) && !string.IsNullOrEmpty(v) ? v : null;
            var apiKey = Value(WorkOSVariables.ApiKey);
            var legacy = apiKey == null ? Value(WorkOSVariables.LegacyApiKey) : null;
            return new DeploymentWorkOSValues(Value(WorkOSVariables.ClientId), Value(WorkOSVariables.EnvironmentId), apiKey ?? legacy, legacy != null);
        }

        /// <summary>A build value that differs from the deployment's would make the backend and the frontend use different environments.</summary>
        private static void ThrowOnMismatch(AuthorizedDeployment deployment, BuildWorkOSVariables build, DeploymentWorkOSValues onDeployment)
        {
            var pairs = new[]
            {
                (Name: WorkOSVariables.ClientId, Build: build.Get(WorkOSVariables.ClientId), Deployment: onDeployment.ClientId, Show: true),
                (Name: WorkOSVariables.ApiKey, Build: build.Get(WorkOSVariables.ApiKey), Deployment: onDeployment.ApiKey, Show: false),
                (Name: WorkOSVariables.EnvironmentId, Build: build.Get(WorkOSVariables.EnvironmentId), Deployment: onDeployment.EnvironmentId, Show: true),
            };
            foreach (var pair in pairs)
            {
                if (pair.Build == null || pair.Deployment == null || pair.Build == pair.Deployment)
                    continue;
                var deploymentName = pair.Name == WorkOSVariables.ApiKey && onDeployment.ApiKeyIsLegacy ? WorkOSVariables.LegacyApiKey : pair.Name;
                var values = pair.Show ? $" ('{pair.Build}' against '{pair.Deployment}')" : "";
                throw new ConvexAuthKitException(DiagnosticCodes.DeploymentVariableMismatch,
                    $"{pair.Name} in {build.SourceOf(pair.Name)} differs from {deploymentName} on deployment {deployment.Name}{values}, and ConvexAuthKit never overwrites a deployment value; run `npx convex env remove {deploymentName}` to use the build's value, or remove {pair.Name} from {build.SourceOf(pair.Name)} to use the deployment's.");
            }
        }

        /// <summary>Sets on the deployment what it lacks (in the CLI's order), never touching a value it has.</summary>
        private async Task CopyMissingToDeploymentAsync(
            AuthorizedDeployment deployment, DeploymentClient deploymentClient, IReadOnlyDictionary<string, string> vars,
            DeploymentWorkOSValues onDeployment, string clientId, string apiKey, string? environmentId, CancellationToken ct)
        {
            var updates = new List<KeyValuePair<string, string?>>();
            if (onDeployment.ClientId == null)
                updates.Add(new KeyValuePair<string, string?>(WorkOSVariables.ClientId, clientId));
            // A legacy key counts as present for the comparison, but the current name is still set beside it.
            if (!vars.TryGetValue(WorkOSVariables.ApiKey, out var current) || string.IsNullOrEmpty(current))
                updates.Add(new KeyValuePair<string, string?>(WorkOSVariables.ApiKey, apiKey));
            if (onDeployment.EnvironmentId == null && environmentId != null)
                updates.Add(new KeyValuePair<string, string?>(WorkOSVariables.EnvironmentId, environmentId));
            if (updates.Count == 0)
                return;

            var names = string.Join(", ", updates.Select(u => u.Key));
            if (!Applying)
            {
                DeploymentIncomplete |= onDeployment.ClientId == null;
                _actions.Add($"would set {names} on {deployment.Name}");
                return;
            }
            await deploymentClient.UpdateEnvironmentVariablesAsync(updates, ct).ConfigureAwait(false);
            _actions.Add(onDeployment.ApiKeyIsLegacy && updates.Count == 1
                ? $"copied {WorkOSVariables.LegacyApiKey} to {WorkOSVariables.ApiKey} on {deployment.Name}"
                : $"set {names} on {deployment.Name}");
        }

        private static void ThrowOnPartialDeployment(AuthorizedDeployment deployment, DeploymentWorkOSValues onDeployment)
        {
            var present = new[]
            {
                (Name: WorkOSVariables.ClientId, Has: onDeployment.ClientId != null),
                (Name: WorkOSVariables.EnvironmentId, Has: onDeployment.EnvironmentId != null),
                (Name: WorkOSVariables.ApiKey, Has: onDeployment.ApiKey != null),
            };
            if (!present.Any(p => p.Has))
                return;
            var missing = string.Join(" and ", present.Where(p => !p.Has).Select(p => p.Name));
            var have = string.Join(" and ", present.Where(p => p.Has).Select(p => p.Name));
            throw new ConvexAuthKitException(DiagnosticCodes.PartialDeploymentVariables,
                $"Deployment {deployment.Name} has {have} but not {missing}; set the missing one with `npx convex env set`, or remove the WorkOS variables with `npx convex env remove` so ConvexAuthKit provisions a fresh environment.");
        }

        /// <summary>The CLI provisions and then ignores a lone build value; we say so instead.</summary>
        private static void ThrowOnPartialBuild(BuildWorkOSVariables build)
        {
            foreach (var (have, lacks) in new[] { (WorkOSVariables.ClientId, WorkOSVariables.ApiKey), (WorkOSVariables.ApiKey, WorkOSVariables.ClientId) })
            {
                if (build.Get(have) == null)
                    continue;
                throw new ConvexAuthKitException(DiagnosticCodes.PartialDeploymentVariables,
                    $"{have} is set in {build.SourceOf(have)} but {lacks} is not, and neither the build nor the deployment has {lacks}; set {lacks} there too to use your own WorkOS environment, or remove {have} so ConvexAuthKit provisions one.");
            }
        }

        private async Task<WorkOSCredentials?> ProvisionAsync(AuthorizedDeployment deployment, DeploymentClient deploymentClient, BigBrainClient? bigBrain, CancellationToken ct)
        {
            if (!Applying)
            {
                DeploymentIncomplete = true;
                _actions.Add($"would provision a WorkOS environment and set {WorkOSVariables.ClientId}, {WorkOSVariables.EnvironmentId}, {WorkOSVariables.ApiKey} on {deployment.Name}");
                return null;
            }
            if (bigBrain == null)
            {
                throw new ConvexAuthKitException(DiagnosticCodes.DeploymentKeyCannotProvision,
                    $"CONVEX_DEPLOY_KEY is a key for deployment {deployment.Name} only, and such a key cannot provision a WorkOS environment; unset it and run `npx convex login`, or set {WorkOSVariables.ClientId} and {WorkOSVariables.ApiKey} yourself with `npx convex env set`.");
            }

            // Straight to the provisioning call: it answers WorkOSTeamNotProvisioned when the team has no WorkOS
            // team, so the CLI's has_associated_workos_team check first is only needed on that path (one request less).
            WorkOSEnvironment environment;
            try
            {
                environment = await bigBrain.GetOrProvisionEnvironmentAsync(deployment.Name, ct).ConfigureAwait(false);
            }
            catch (ConvexAuthKitException e) when (e.Code == DiagnosticCodes.NoWorkOSTeam)
            {
                await new WorkOSTeamOptIn(_options.WorkOSTeamEmail, _reporter, _actions).EnsureTeamAsync(bigBrain, deployment.Name, ct).ConfigureAwait(false);
                environment = await bigBrain.GetOrProvisionEnvironmentAsync(deployment.Name, ct).ConfigureAwait(false);
            }

            // All three in one call, in the CLI's order.
            await deploymentClient.UpdateEnvironmentVariablesAsync(new[]
            {
                new KeyValuePair<string, string?>(WorkOSVariables.ClientId, environment.ClientId),
                new KeyValuePair<string, string?>(WorkOSVariables.EnvironmentId, environment.EnvironmentId),
                new KeyValuePair<string, string?>(WorkOSVariables.ApiKey, environment.ApiKey.Reveal),
            }, ct).ConfigureAwait(false);
            _actions.Add($"{(environment.NewlyProvisioned ? "provisioned" : "reused")} WorkOS environment {environment.EnvironmentId} and set {WorkOSVariables.ClientId}, {WorkOSVariables.EnvironmentId}, {WorkOSVariables.ApiKey} on {deployment.Name}");
            return new WorkOSCredentials(environment.ClientId, environment.EnvironmentId, environment.ApiKey);
        }

        private sealed class DeploymentWorkOSValues
        {
            public DeploymentWorkOSValues(string? clientId, string? environmentId, string? apiKey, bool apiKeyIsLegacy)
            {
                ClientId = clientId;
                EnvironmentId = environmentId;
                ApiKey = apiKey;
                ApiKeyIsLegacy = apiKeyIsLegacy;
            }

            public string? ClientId { get; }
            public string? EnvironmentId { get; }
            /// <summary>WORKOS_API_KEY, else the legacy WORKOS_ENVIRONMENT_API_KEY.</summary>
            public string? ApiKey { get; }
            public bool ApiKeyIsLegacy { get; }
        }
    }
}
