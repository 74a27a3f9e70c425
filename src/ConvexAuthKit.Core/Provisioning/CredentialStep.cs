using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using ConvexAuthKit.Api;
using ConvexAuthKit.Applying;
using ConvexAuthKit.Diagnostics;
using ConvexAuthKit.Planning;

namespace ConvexAuthKit.Provisioning
{
    /// <summary>
    /// The credentials part of a run, dev or publish: the planner's decision on the deployment's variables, then,
    /// in a read-only run, only what it would do; in an Apply run, provisioning when the plan needs it. The
    /// deployment update is returned, not sent: it goes out beside the WorkOS registrations.
    /// </summary>
    internal static class CredentialStep
    {
        public sealed class Decided
        {
            public Decided(WorkOSCredentials credentials, DeploymentUpdate? update, bool deploymentIncomplete)
            {
                Credentials = credentials;
                Update = update;
                DeploymentIncomplete = deploymentIncomplete;
            }

            /// <summary>The credentials; in a read-only run that would provision, placeholders for what it would return.</summary>
            public WorkOSCredentials Credentials { get; }
            public DeploymentUpdate? Update { get; }
            public bool DeploymentIncomplete { get; }
        }

        public static async Task<Decided> RunAsync(
            AuthorizedDeployment deployment, DeploymentClient deploymentClient, BigBrainClient? bigBrain,
            IReadOnlyDictionary<string, string> vars, BuildWorkOSVariables build, RemoteCredentialRules? remote,
            RunContext run, List<string> actions, CancellationToken ct)
        {
            foreach (var key in CredentialPlanner.KeysSeen(vars, build))
                run.Scrubber.Track(key);
            var plan = CredentialPlanner.Plan(deployment.Name, vars, build, deploymentFirst: remote != null);
            foreach (var note in plan.Notes)
                note.ReportTo(run.Reporter);
            var environmentType = remote?.EnvironmentType ?? "nonproduction";

            if (!run.Applying)
            {
                if (plan.NeedsProvisioning)
                    actions.Add(CredentialPlanner.WouldProvision(deployment.Name, environmentType));
                else if (plan.Update != null)
                    actions.Add($"would set {string.Join(", ", plan.Update.Names)} on {deployment.Name}");
                return new Decided(plan.Credentials ?? WorkOSCredentials.Placeholder(), null, plan.DeploymentIncomplete);
            }
            if (!plan.NeedsProvisioning)
                return new Decided(plan.Credentials!, plan.Update, false);

            var environment = await EnvironmentProvisioner.ProvisionAsync(
                bigBrain, deployment.Name, environmentType, remote, run.Options.WorkOSTeamEmail, run.Reporter, actions, ct).ConfigureAwait(false);
            var provisioned = new WorkOSCredentials(environment.ClientId, environment.EnvironmentId, environment.ApiKey);
            var update = CredentialPlanner.AfterProvisioning(deployment.Name, environment);
            if (CredentialPlanner.BuildUsesAnotherEnvironment(build, provisioned))
            {
                // The deployment still gets the provisioned environment first, as the CLI leaves it (the error says so).
                await deploymentClient.UpdateEnvironmentVariablesAsync(update.Changes, ct).ConfigureAwait(false);
                actions.Add(update.Action);
                CredentialPlanner.ThrowIfBuildUsesAnotherEnvironment(deployment.Name, build, provisioned);
            }
            return new Decided(provisioned, update, false);
        }

        /// <summary>Sends the update the step returned (nothing when there is none) and adds its action.</summary>
        public static async Task SendAsync(DeploymentClient deploymentClient, DeploymentUpdate? update, List<string> actions, CancellationToken ct)
        {
            if (update == null)
                return;
            await deploymentClient.UpdateEnvironmentVariablesAsync(update.Changes, ct).ConfigureAwait(false);
            actions.Add(update.Action);
        }
    }
}
