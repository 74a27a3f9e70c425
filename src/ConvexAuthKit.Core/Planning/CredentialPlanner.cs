using System.Collections.Generic;
using System.Linq;
using ConvexAuthKit.Api;
using ConvexAuthKit.Diagnostics;

namespace ConvexAuthKit.Planning
{
    /// <summary>What the planner decided about the WorkOS credentials of a deployment.</summary>
    public sealed class CredentialPlan
    {
        internal CredentialPlan(WorkOSCredentials? credentials, DeploymentUpdate? update, IReadOnlyList<PlanNote> notes, bool deploymentLacksClientId)
        {
            Credentials = credentials;
            Update = update;
            Notes = notes;
            DeploymentLacksClientId = deploymentLacksClientId;
        }

        /// <summary>The credentials to use; null when the deployment's WorkOS environment must be provisioned first.</summary>
        public WorkOSCredentials? Credentials { get; }
        public bool NeedsProvisioning => Credentials == null;
        /// <summary>What to copy onto the deployment (what it lacks); null when nothing.</summary>
        public DeploymentUpdate? Update { get; }
        public IReadOnlyList<PlanNote> Notes { get; }
        /// <summary>Whether the deployment lacks WORKOS_CLIENT_ID or would need provisioning: what Verify fails on.</summary>
        public bool DeploymentIncomplete => NeedsProvisioning || DeploymentLacksClientId;
        private bool DeploymentLacksClientId { get; }
    }

    /// <summary>
    /// Decides which WorkOS environment the run uses, with the sources the CLI (1.48, resolveWorkOSCredentials)
    /// uses: for a dev deployment the client id and environment id from the build (real environment, .env.local,
    /// .env), else the deployment's; for production and preview the deployment's first, then the build's; the API key
    /// from the deployment only. When the client id or the API key is still missing, the environment is provisioned
    /// (<see cref="AfterProvisioning"/> then sets all three); otherwise what the deployment lacks is copied onto it.
    /// A pure function of the deployment's variables and the build's: no request, no output.
    ///
    /// Only values with the shape of a WorkOS id or key count (<see cref="WorkOSPlaceholders"/>): a placeholder in
    /// the build is treated as unset and never sent anywhere; a placeholder on the deployment (left there by hand
    /// or by an older ConvexAuthKit) is treated as missing and replaced by what the run sets.
    ///
    /// Deviations from the CLI (each tested, listed in docs/differences-from-cli.md): a deployment with one or two
    /// of the variables is an error instead of being provisioned over; a real-shaped build value that differs from
    /// the deployment's (the API key included, which the CLI does not compare) is CAK0201 and nothing is
    /// overwritten; after provisioning, a real-shaped build value that is not the provisioned environment's is
    /// CAK0201 too (<see cref="ThrowIfBuildUsesAnotherEnvironment"/>); the pre-1.31.4 WORKOS_ENVIRONMENT_API_KEY is
    /// read as the key instead of provisioning again.
    /// </summary>
    public static class CredentialPlanner
    {
        /// <param name="deploymentFirst">Production and preview (CLI 1.48): the deployment's values before the build's.</param>
        public static CredentialPlan Plan(string deploymentName, IReadOnlyDictionary<string, string> vars, BuildWorkOSVariables build, bool deploymentFirst)
        {
            var notes = PlaceholderNotes(deploymentName, vars, build);
            var onDeployment = DeploymentValues(vars);
            var clientId = deploymentFirst ? onDeployment.ClientId ?? build.Get(WorkOSVariables.ClientId) : build.Get(WorkOSVariables.ClientId) ?? onDeployment.ClientId;
            var environmentId = deploymentFirst ? onDeployment.EnvironmentId ?? build.Get(WorkOSVariables.EnvironmentId) : build.Get(WorkOSVariables.EnvironmentId) ?? onDeployment.EnvironmentId;
            // The CLI never takes WORKOS_API_KEY from the build environment.
            var apiKey = onDeployment.ApiKey;

            if (clientId != null && apiKey != null)
            {
                ThrowOnMismatch(deploymentName, build, onDeployment);
                var update = MissingOnDeployment(deploymentName, vars, onDeployment, clientId, apiKey, environmentId);
                return new CredentialPlan(new WorkOSCredentials(clientId, environmentId, new Secret(apiKey)), update, notes, onDeployment.ClientId == null);
            }
            ThrowOnPartialDeployment(deploymentName, vars, onDeployment);
            return new CredentialPlan(null, null, notes, true);
        }

        /// <summary>After provisioning: all three variables set on the deployment in one call, in the CLI's order.</summary>
        public static DeploymentUpdate AfterProvisioning(string deploymentName, WorkOSEnvironment environment) =>
            new DeploymentUpdate(new[]
            {
                new KeyValuePair<string, string?>(WorkOSVariables.ClientId, environment.ClientId),
                new KeyValuePair<string, string?>(WorkOSVariables.EnvironmentId, environment.EnvironmentId),
                new KeyValuePair<string, string?>(WorkOSVariables.ApiKey, environment.ApiKey.Reveal),
            }, $"{(environment.NewlyProvisioned ? "provisioned" : "reused")} WorkOS environment {environment.EnvironmentId} and set {WorkOSVariables.ClientId}, {WorkOSVariables.EnvironmentId}, {WorkOSVariables.ApiKey} on {deploymentName}");

        /// <summary>What a read-only run says instead of provisioning.</summary>
        public static string WouldProvision(string deploymentName, string environmentType) =>
            $"would provision a{(environmentType == "production" ? " production" : "")} WorkOS environment and set {WorkOSVariables.ClientId}, {WorkOSVariables.EnvironmentId}, {WorkOSVariables.ApiKey} on {deploymentName}";

        /// <summary>Every key-like value the run may see, placeholders and typos included: the run scrubs them from output.</summary>
        public static IEnumerable<string> KeysSeen(IReadOnlyDictionary<string, string> vars, BuildWorkOSVariables build)
        {
            foreach (var name in new[] { WorkOSVariables.ApiKey, WorkOSVariables.LegacyApiKey })
            {
                if (vars.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value))
                    yield return value;
            }
            var fromBuild = build.Raw(WorkOSVariables.ApiKey);
            if (!string.IsNullOrEmpty(fromBuild))
                yield return fromBuild!;
        }

        /// <summary>
        /// After provisioning, the deployment holds the provisioned environment, exactly as the CLI leaves it. A real
        /// WorkOS value the build gives that belongs to another environment would leave the frontend on that one
        /// (the CLI says nothing); it is never overwritten, so the build stops and says how to settle it.
        /// </summary>
        public static void ThrowIfBuildUsesAnotherEnvironment(string deploymentName, BuildWorkOSVariables build, WorkOSCredentials provisioned)
        {
            var differing = BuildValuesOfAnotherEnvironment(build, provisioned);
            if (differing.Count == 0)
                return;
            var names = string.Join(" and ", differing.Select(p => $"{p.Name} in {build.SourceOf(p.Name)}"));
            var remove = string.Join(", ", differing.Select(p => p.Name));
            throw new ConvexAuthKitException(DiagnosticCodes.DeploymentVariableMismatch,
                $"Deployment {deploymentName} had no WorkOS API key, so ConvexAuthKit provisioned its WorkOS environment (client id '{provisioned.ClientId}') and set it on the deployment, as `npx convex dev` does; but {names} belong{(differing.Count == 1 ? "s" : "")} to another environment, and ConvexAuthKit never overwrites them. Remove {remove} from there to use the provisioned environment, or, to use your own, set WORKOS_CLIENT_ID and WORKOS_API_KEY on the deployment with `npx convex env set` and remove WORKOS_ENVIRONMENT_ID with `npx convex env remove`.");
        }

        public static bool BuildUsesAnotherEnvironment(BuildWorkOSVariables build, WorkOSCredentials provisioned) =>
            BuildValuesOfAnotherEnvironment(build, provisioned).Count > 0;

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

        /// <summary>
        /// A placeholder in the process environment cannot be fixed by writing .env.local (the real environment
        /// wins over it for every framework), so it gets a warning; one in .env.local is replaced later and the
        /// summary says so. The value itself is never shown: it may be a mistyped key.
        /// </summary>
        private static IReadOnlyList<PlanNote> PlaceholderNotes(string deploymentName, IReadOnlyDictionary<string, string> vars, BuildWorkOSVariables build)
        {
            var notes = new List<PlanNote>();
            foreach (var name in new[] { WorkOSVariables.ClientId, WorkOSVariables.EnvironmentId, WorkOSVariables.ApiKey })
            {
                if (build.HasPlaceholder(name))
                {
                    notes.Add(build.IsFromRealEnvironment(name)
                        ? PlanNote.Warning(DiagnosticCodes.WorkOSPlaceholderInEnvironment,
                            $"{name} in the build environment is not a WorkOS {Kind(name)} (a placeholder?), so ConvexAuthKit ignores it; unset it, or set it to the real value, because it hides whatever .env.local says.")
                        : PlanNote.Message(Importance.Low, $"{name} in {build.SourceOf(name)} is not a WorkOS {Kind(name)} (a template placeholder?): ignored."));
                }
                if (vars.TryGetValue(name, out var onDeployment) && WorkOSPlaceholders.IsPlaceholder(name, onDeployment))
                    notes.Add(PlanNote.Message(Importance.Normal, $"{name} on deployment {deploymentName} is not a WorkOS {Kind(name)} (a placeholder?): treated as missing."));
            }
            return notes;
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
        private static void ThrowOnMismatch(string deploymentName, BuildWorkOSVariables build, DeploymentWorkOSValues onDeployment)
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
                var deploymentVariable = pair.Name == WorkOSVariables.ApiKey && onDeployment.ApiKeyIsLegacy ? WorkOSVariables.LegacyApiKey : pair.Name;
                var values = pair.Show ? $" ('{pair.Build}' against '{pair.Deployment}')" : "";
                throw new ConvexAuthKitException(DiagnosticCodes.DeploymentVariableMismatch,
                    $"{pair.Name} in {build.SourceOf(pair.Name)} differs from {deploymentVariable} on deployment {deploymentName}{values}, and ConvexAuthKit never overwrites a deployment value; run `npx convex env remove {deploymentVariable}` to use the build's value, or remove {pair.Name} from {build.SourceOf(pair.Name)} to use the deployment's.");
            }
        }

        /// <summary>What the deployment lacks (in the CLI's order), never touching a value it has; null when it lacks nothing.</summary>
        private static DeploymentUpdate? MissingOnDeployment(
            string deploymentName, IReadOnlyDictionary<string, string> vars,
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
                return null;
            var names = string.Join(", ", updates.Select(u => u.Key));
            return new DeploymentUpdate(updates, onDeployment.ApiKeyIsLegacy && updates.Count == 1
                ? $"copied {WorkOSVariables.LegacyApiKey} to {WorkOSVariables.ApiKey} on {deploymentName}"
                : $"set {names} on {deploymentName}");
        }

        private static void ThrowOnPartialDeployment(string deploymentName, IReadOnlyDictionary<string, string> vars, DeploymentWorkOSValues onDeployment)
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
                $"Deployment {deploymentName} has {have} but not {missing}{note}; set the missing one with `npx convex env set`, or remove the WorkOS variables with `npx convex env remove` so ConvexAuthKit provisions a fresh environment.");
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
