using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ConvexAuthKit.Api;
using ConvexAuthKit.Diagnostics;

namespace ConvexAuthKit.Provisioning
{
    /// <summary>
    /// Decides which WorkOS environment the run uses, with the sources the CLI (1.48, resolveWorkOSCredentials)
    /// uses for a dev deployment: the client id and environment id from the build (real environment, .env.local,
    /// .env), else the deployment's; the API key from the deployment only, never from the build. When the client
    /// id or the API key is still missing, provision (as the CLI does), set all three on the deployment, and use
    /// what was provisioned; otherwise copy onto the deployment what it lacks.
    ///
    /// Only values with the shape of a WorkOS id or key count (<see cref="WorkOSPlaceholders"/>): a placeholder in
    /// the build is treated as unset and never sent anywhere; a placeholder on the deployment (left there by hand
    /// or by an older ConvexAuthKit) is treated as missing and replaced by what the run sets.
    ///
    /// Deviations from the CLI (each tested, listed in docs/differences-from-cli.md):
    /// a deployment with one or two of the variables is an error instead of being provisioned over; a real-shaped
    /// build value that differs from the deployment's (the API key included, which the CLI does not compare) is
    /// CAK0201 and nothing is overwritten; after provisioning, a real-shaped build value that is not the
    /// provisioned environment's is CAK0201 too (the CLI leaves the app silently pointing at two environments);
    /// the pre-1.31.4 WORKOS_ENVIRONMENT_API_KEY is read as the key instead of provisioning again.
    /// </summary>
    internal sealed class WorkOSCredentialResolver
    {
        private readonly ProvisioningOptions _options;
        private readonly IReporter _reporter;
        private readonly SecretScrubber _scrubber;
        private readonly List<string> _actions;

        private readonly Deployments.RemoteCredentialRules? _remote;

        /// <param name="remote">For a production or preview deployment (CLI rules for those); null for dev.</param>
        public WorkOSCredentialResolver(ProvisioningOptions options, IReporter reporter, SecretScrubber scrubber, List<string> actions, Deployments.RemoteCredentialRules? remote = null)
        {
            _options = options;
            _reporter = reporter;
            _scrubber = scrubber;
            _actions = actions;
            _remote = remote;
        }

        private bool Applying => _options.Mode == ProvisioningMode.Apply;

        /// <summary>Set by a read-only run when the deployment lacks WORKOS_CLIENT_ID or would need provisioning (what Verify fails on).</summary>
        public bool DeploymentIncomplete { get; private set; }

        private PendingUpdate? _pending;

        /// <summary>
        /// Sets on the deployment what <see cref="ResolveAsync"/> decided it lacks (nothing when it lacks nothing). Kept
        /// apart so the caller can send the WorkOS registrations beside it: they need only the API key. It must still
        /// succeed before .env.local is written, so that an interrupted run is finished by the next one.
        /// </summary>
        public async Task UpdateDeploymentAsync(DeploymentClient deploymentClient, CancellationToken ct)
        {
            var pending = _pending;
            if (pending == null)
                return;
            await deploymentClient.UpdateEnvironmentVariablesAsync(pending.Changes, ct).ConfigureAwait(false);
            _pending = null;
            _actions.Add(pending.Action);
        }

        /// <summary>
        /// The credentials, or null in a read-only run that would have to provision them. The deployment update this
        /// needs is left to <see cref="UpdateDeploymentAsync"/>.
        /// </summary>
        public async Task<WorkOSCredentials?> ResolveAsync(
            AuthorizedDeployment deployment, DeploymentClient deploymentClient, BigBrainClient? bigBrain,
            IReadOnlyDictionary<string, string> vars, BuildWorkOSVariables build, CancellationToken ct)
        {
            TrackKeys(vars, build);
            var onDeployment = DeploymentValues(vars);
            WarnAboutPlaceholders(deployment, vars, build);

            // Dev: the build first; prod/preview: the deployment first (CLI 1.48). A disagreement is CAK0201 either way.
            var clientId = _remote == null ? build.Get(WorkOSVariables.ClientId) ?? onDeployment.ClientId : onDeployment.ClientId ?? build.Get(WorkOSVariables.ClientId);
            var environmentId = _remote == null ? build.Get(WorkOSVariables.EnvironmentId) ?? onDeployment.EnvironmentId : onDeployment.EnvironmentId ?? build.Get(WorkOSVariables.EnvironmentId);
            // The CLI never takes WORKOS_API_KEY from the build environment for a dev deployment.
            var apiKey = onDeployment.ApiKey;

            if (clientId != null && apiKey != null)
            {
                ThrowOnMismatch(deployment, build, onDeployment);
                CopyMissingToDeployment(deployment, vars, onDeployment, clientId, apiKey, environmentId);
                return new WorkOSCredentials(clientId, environmentId, new Secret(apiKey));
            }

            ThrowOnPartialDeployment(deployment, vars, onDeployment);
            var provisioned = await ProvisionAsync(deployment, bigBrain, ct).ConfigureAwait(false);
            if (provisioned != null && BuildValuesOfAnotherEnvironment(build, provisioned).Count > 0)
            {
                // The deployment still gets the provisioned environment first, as the CLI leaves it (the error says so).
                await UpdateDeploymentAsync(deploymentClient, ct).ConfigureAwait(false);
                ThrowOnBuildValuesOfAnotherEnvironment(deployment, build, provisioned);
            }
            return provisioned;
        }

        /// <summary>Every key-like value the run may see is scrubbed from output, placeholders and typos included.</summary>
        private void TrackKeys(IReadOnlyDictionary<string, string> vars, BuildWorkOSVariables build)
        {
            foreach (var name in new[] { WorkOSVariables.ApiKey, WorkOSVariables.LegacyApiKey })
            {
                if (vars.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value))
                    _scrubber.Track(value);
            }
            var fromBuild = build.Raw(WorkOSVariables.ApiKey);
            if (!string.IsNullOrEmpty(fromBuild))
                _scrubber.Track(fromBuild!);
        }

        /// <summary>
        /// A placeholder in the process environment cannot be fixed by writing .env.local (the real environment
        /// wins over it for every framework), so it gets a warning; one in .env.local is replaced later and the
        /// summary says so. The value itself is never shown: it may be a mistyped key.
        /// </summary>
        private void WarnAboutPlaceholders(AuthorizedDeployment deployment, IReadOnlyDictionary<string, string> vars, BuildWorkOSVariables build)
        {
            foreach (var name in new[] { WorkOSVariables.ClientId, WorkOSVariables.EnvironmentId, WorkOSVariables.ApiKey })
            {
                if (build.HasPlaceholder(name))
                {
                    if (build.IsFromRealEnvironment(name))
                    {
                        _reporter.Warning(DiagnosticCodes.WorkOSPlaceholderInEnvironment,
                            $"{name} in the build environment is not a WorkOS {Kind(name)} (a placeholder?), so ConvexAuthKit ignores it; unset it, or set it to the real value, because it hides whatever .env.local says.");
                    }
                    else
                    {
                        _reporter.Message(Importance.Low, $"{name} in {build.SourceOf(name)} is not a WorkOS {Kind(name)} (a template placeholder?): ignored.");
                    }
                }
                if (vars.TryGetValue(name, out var onDeployment) && WorkOSPlaceholders.IsPlaceholder(name, onDeployment))
                    _reporter.Message(Importance.Normal, $"{name} on deployment {deployment.Name} is not a WorkOS {Kind(name)} (a placeholder?): treated as missing.");
            }
        }

        private static string Kind(string name) =>
            name == WorkOSVariables.ClientId ? "client id" : name == WorkOSVariables.EnvironmentId ? "environment id" : "API key";

        /// <summary>The deployment's values; one without the shape of a WorkOS id or key counts as missing.</summary>
        private static DeploymentWorkOSValues DeploymentValues(IReadOnlyDictionary<string, string> vars)
        {
            string? Value(string name) => vars.TryGetValue(name, out var v) && WorkOSPlaceholders.IsRealShaped(name, v) ? v : null;
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

        /// <summary>
        /// After provisioning, the deployment holds the provisioned environment, exactly as the CLI leaves it. A real
        /// WorkOS value the build gives that belongs to another environment would leave the frontend on that one
        /// (the CLI says nothing); it is never overwritten, so the build stops and says how to settle it.
        /// </summary>
        private static void ThrowOnBuildValuesOfAnotherEnvironment(AuthorizedDeployment deployment, BuildWorkOSVariables build, WorkOSCredentials provisioned)
        {
            var differing = BuildValuesOfAnotherEnvironment(build, provisioned);
            if (differing.Count == 0)
                return;
            var names = string.Join(" and ", differing.Select(p => $"{p.Name} in {build.SourceOf(p.Name)}"));
            var remove = string.Join(", ", differing.Select(p => p.Name));
            throw new ConvexAuthKitException(DiagnosticCodes.DeploymentVariableMismatch,
                $"Deployment {deployment.Name} had no WorkOS API key, so ConvexAuthKit provisioned its WorkOS environment (client id '{provisioned.ClientId}') and set it on the deployment, as `npx convex dev` does; but {names} belong{(differing.Count == 1 ? "s" : "")} to another environment, and ConvexAuthKit never overwrites them. Remove {remove} from there to use the provisioned environment, or, to use your own, set WORKOS_CLIENT_ID and WORKOS_API_KEY on the deployment with `npx convex env set` and remove WORKOS_ENVIRONMENT_ID with `npx convex env remove`.");
        }

        private static List<(string Name, string? Build, string? Provisioned)> BuildValuesOfAnotherEnvironment(BuildWorkOSVariables build, WorkOSCredentials provisioned)
        {
            var pairs = new[]
            {
                (Name: WorkOSVariables.ClientId, Build: build.Get(WorkOSVariables.ClientId), Provisioned: provisioned.ClientId),
                (Name: WorkOSVariables.ApiKey, Build: build.Get(WorkOSVariables.ApiKey), Provisioned: provisioned.ApiKey.Reveal),
                (Name: WorkOSVariables.EnvironmentId, Build: build.Get(WorkOSVariables.EnvironmentId), Provisioned: provisioned.EnvironmentId),
            };
            return pairs.Where(p => p.Build != null && p.Build != p.Provisioned).ToList();
        }

        /// <summary>Plans setting on the deployment what it lacks (in the CLI's order), never touching a value it has.</summary>
        private void CopyMissingToDeployment(
            AuthorizedDeployment deployment, IReadOnlyDictionary<string, string> vars,
            DeploymentWorkOSValues onDeployment, string clientId, string apiKey, string? environmentId)
        {
            var updates = new List<KeyValuePair<string, string?>>();
            if (onDeployment.ClientId == null)
                updates.Add(new KeyValuePair<string, string?>(WorkOSVariables.ClientId, clientId));
            // A legacy key counts as present for the comparison, but the current name is still set beside it.
            if (!vars.TryGetValue(WorkOSVariables.ApiKey, out var current) || !WorkOSPlaceholders.IsRealShaped(WorkOSVariables.ApiKey, current))
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
            _pending = new PendingUpdate(updates, onDeployment.ApiKeyIsLegacy && updates.Count == 1
                ? $"copied {WorkOSVariables.LegacyApiKey} to {WorkOSVariables.ApiKey} on {deployment.Name}"
                : $"set {names} on {deployment.Name}");
        }

        private static void ThrowOnPartialDeployment(AuthorizedDeployment deployment, IReadOnlyDictionary<string, string> vars, DeploymentWorkOSValues onDeployment)
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
            // A value that is there but not shaped like a WorkOS id or key counts as missing: say so, or the message would contradict the dashboard.
            var unshaped = present.Where(p => !p.Has && vars.TryGetValue(p.Name, out var v) && !string.IsNullOrEmpty(v)).Select(p => p.Name).ToList();
            var note = unshaped.Count == 0 ? "" : $" ({string.Join(" and ", unshaped)} {(unshaped.Count == 1 ? "is" : "are")} set, but not shaped like a WorkOS id or key)";
            throw new ConvexAuthKitException(DiagnosticCodes.PartialDeploymentVariables,
                $"Deployment {deployment.Name} has {have} but not {missing}{note}; set the missing one with `npx convex env set`, or remove the WorkOS variables with `npx convex env remove` so ConvexAuthKit provisions a fresh environment.");
        }

        private async Task<WorkOSCredentials?> ProvisionAsync(AuthorizedDeployment deployment, BigBrainClient? bigBrain, CancellationToken ct)
        {
            if (!Applying)
            {
                DeploymentIncomplete = true;
                _actions.Add($"would provision a{(EnvironmentType == "production" ? " production" : "")} WorkOS environment and set {WorkOSVariables.ClientId}, {WorkOSVariables.EnvironmentId}, {WorkOSVariables.ApiKey} on {deployment.Name}");
                return null;
            }
            if (bigBrain == null && _remote != null)
                throw _remote.DeploymentKeyRefusal(deployment.Name);
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
                environment = await bigBrain.GetOrProvisionEnvironmentAsync(deployment.Name, ct, EnvironmentType).ConfigureAwait(false);
            }
            catch (ConvexAuthKitException e) when (e.Code == DiagnosticCodes.NoWorkOSTeam)
            {
                await new WorkOSTeamOptIn(_options.WorkOSTeamEmail, _reporter, _actions).EnsureTeamAsync(bigBrain, deployment.Name, ct).ConfigureAwait(false);
                environment = await bigBrain.GetOrProvisionEnvironmentAsync(deployment.Name, ct, EnvironmentType).ConfigureAwait(false);
            }

            // All three in one call, in the CLI's order.
            _pending = new PendingUpdate(new[]
            {
                new KeyValuePair<string, string?>(WorkOSVariables.ClientId, environment.ClientId),
                new KeyValuePair<string, string?>(WorkOSVariables.EnvironmentId, environment.EnvironmentId),
                new KeyValuePair<string, string?>(WorkOSVariables.ApiKey, environment.ApiKey.Reveal),
            }, $"{(environment.NewlyProvisioned ? "provisioned" : "reused")} WorkOS environment {environment.EnvironmentId} and set {WorkOSVariables.ClientId}, {WorkOSVariables.EnvironmentId}, {WorkOSVariables.ApiKey} on {deployment.Name}");
            return new WorkOSCredentials(environment.ClientId, environment.EnvironmentId, environment.ApiKey);
        }

        private sealed class PendingUpdate
        {
            public PendingUpdate(IReadOnlyList<KeyValuePair<string, string?>> changes, string action)
            {
                Changes = changes;
                Action = action;
            }

            public IReadOnlyList<KeyValuePair<string, string?>> Changes { get; }
            public string Action { get; }
        }

        private string EnvironmentType => _remote?.EnvironmentType ?? "nonproduction";

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
