using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using ConvexAuthKit.Api;
using ConvexAuthKit.Diagnostics;
using ConvexAuthKit.Planning;

namespace ConvexAuthKit.Applying
{
    /// <summary>
    /// Provisions (or finds again: the call is idempotent) the deployment's WorkOS environment through Big Brain, as
    /// the plan asked. Goes straight to the provisioning call: it answers WorkOSTeamNotProvisioned when the team has
    /// no WorkOS team, so the CLI's has_associated_workos_team check first is only needed on that path (one request less).
    /// </summary>
    internal static class EnvironmentProvisioner
    {
        /// <param name="bigBrain">Null when the run holds only the deployment's own deploy key, which can never provision.</param>
        /// <param name="remote">The production or preview rules; null for a dev deployment.</param>
        public static async Task<WorkOSEnvironment> ProvisionAsync(
            BigBrainClient? bigBrain, string deploymentName, string environmentType, RemoteCredentialRules? remote,
            string? workOSTeamEmail, IReporter reporter, List<string> actions, CancellationToken ct)
        {
            if (bigBrain == null && remote != null)
                throw remote.DeploymentKeyRefusal(deploymentName);
            if (bigBrain == null)
            {
                throw new ConvexAuthKitException(DiagnosticCodes.DeploymentKeyCannotProvision,
                    $"CONVEX_DEPLOY_KEY is a key for deployment {deploymentName} only, and such a key cannot provision a WorkOS environment; unset it and run `npx convex login`, or set {WorkOSVariables.ClientId} and {WorkOSVariables.ApiKey} yourself with `npx convex env set`.");
            }
            try
            {
                return await bigBrain.GetOrProvisionEnvironmentAsync(deploymentName, ct, environmentType).ConfigureAwait(false);
            }
            catch (ConvexAuthKitException e) when (e.Code == DiagnosticCodes.NoWorkOSTeam)
            {
                await new WorkOSTeamOptIn(workOSTeamEmail, reporter, actions).EnsureTeamAsync(bigBrain, deploymentName, ct).ConfigureAwait(false);
                return await bigBrain.GetOrProvisionEnvironmentAsync(deploymentName, ct, environmentType).ConfigureAwait(false);
            }
        }
    }
}
