using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ConvexAuthKit.Api;
using ConvexAuthKit.Applying;
using ConvexAuthKit.ConvexProject;
using ConvexAuthKit.Diagnostics;
using ConvexAuthKit.Inspection;
using ConvexAuthKit.Options;
using ConvexAuthKit.Planning;

namespace ConvexAuthKit.Provisioning
{
    /// <summary>
    /// One run of what `npx convex dev` does for WorkOS AuthKit on a dev deployment, in three stages
    /// (docs/how-it-works.md#one-run): Inspect (<see cref="ProjectInspector"/>: local files and the environment, every
    /// input recorded), Plan (<see cref="DevPlanner"/>, <see cref="CredentialPlanner"/>: pure, from the snapshot and
    /// what the services answered), Apply (provisioning, then the deployment update and .env.local beside the WorkOS
    /// registrations). A read-only run (DryRun, Verify, Status) stops after the plan and says what it would do.
    ///
    /// The order is chosen so that an interrupted run loses nothing and the next one converges: everything the plan
    /// can check locally is checked before the first request; the deployment variables are set before .env.local is
    /// written (the provisioning call is idempotent, so a repeat finds the same environment); the WorkOS
    /// registrations, whose repeat is harmless, are sent beside the deployment update (<see cref="ConcurrentRegistration"/>).
    /// </summary>
    public sealed class AuthKitProvisioner
    {
        private readonly RunContext _run;

        public AuthKitProvisioner(ProvisioningOptions options, IReporter reporter)
        {
            _run = new RunContext(options, reporter, new SecretScrubber());
        }

        public SecretScrubber Scrubber => _run.Scrubber;

        public async Task<ProvisioningResult> RunAsync(CancellationToken ct)
        {
            if (_run.Options.ForPublish)
                return await new Deployments.RemoteDeploymentProvisioner(_run).RunAsync(ct).ConfigureAwait(false);

            var snapshot = new ProjectInspector(_run.Options, _run.Reader, _run.Reporter).Inspect();
            if (snapshot.NothingToDo != null)
                return Done(snapshot, RunEffect.NothingToDo, snapshot.NothingToDo);
            if (snapshot.NotProvisioned != null)
                return Done(snapshot, RunEffect.NotProvisioned, snapshot.NotProvisioned);
            var envLocalName = _run.Relative(snapshot.EnvLocalPath);
            DevPlanner.CheckBeforeRequests(snapshot, envLocalName);
            var selection = snapshot.Deployment!;

            using var transport = new HttpTransport(_run.Options.Http, _run.Options.HttpHandler);
            var host = HttpTransport.RequireSecure(_run.Options.ResolvedProvisionHost(out _), "ConvexProvisionHost");
            var workOSUrl = HttpTransport.RequireSecure(_run.Options.WorkOSApiUrl, "ConvexAuthKitWorkOSApiUrl");
            var (deployment, bigBrain) = await DevDeploymentConnector.ConnectAsync(_run, transport, host, selection, snapshot.DeployKey, snapshot.Environment, ct).ConfigureAwait(false);
            if (deployment == null)
                return Done(snapshot, RunEffect.NotProvisioned, $"{selection} is not a cloud dev deployment: nothing provisioned");

            var deploymentClient = new DeploymentClient(transport, deployment.Origin, deployment.AdminKey, deployment.Name);
            var vars = await deploymentClient.ListEnvironmentVariablesAsync(ct).ConfigureAwait(false);
            _run.Reporter.Message(Importance.Low, $"Deployment {deployment.Name} has {Names(vars)}.");
            var applied = new AppliedChanges();
            var actions = applied.ActionList;
            var credentials = await CredentialStep.RunAsync(deployment, deploymentClient, bigBrain, vars,
                DevPlanner.BuildValues(snapshot, envLocalName), null, _run, actions, ct).ConfigureAwait(false);

            var plan = DevPlanner.PlanLocal(snapshot, credentials.Credentials);
            foreach (var note in plan.Notes)
                note.ReportTo(_run.Reporter);
            var described = DevPlanner.Describe(selection, snapshot);

            // WorkOS offers no cheap read of the registrations, so a read-only run only says what it would register.
            if (!_run.Applying)
            {
                AddIfAny(actions, EnvLocalWriter.Write(snapshot.EnvLocal!, plan.EnvWrites, envLocalName, save: false, _run.Scrubber));
                if (!plan.Registrations.IsEmpty)
                    actions.Add("would make sure WorkOS has " + plan.Registrations.Describe());
                return Planned(snapshot, actions, selection, described, credentials.DeploymentIncomplete);
            }
            // The deployment update, then .env.local, beside the WorkOS registrations (which need only the API key).
            await ConcurrentRegistration.RunAsync(
                token => CredentialStep.SendAsync(deploymentClient, credentials.Update, actions, token),
                () => WriteEnvLocal(snapshot, plan, envLocalName, applied),
                new WorkOSClient(transport, workOSUrl, credentials.Credentials.ApiKey), plan.Registrations, actions, _run.Reporter,
                url => $"WorkOS did not take the app homepage URL {url} (it refuses localhost and plain http); set it in the WorkOS dashboard if you need one.",
                ct).ConfigureAwait(false);

            return applied.Actions.Count == 0
                ? Done(snapshot, RunEffect.UpToDate, $"WorkOS AuthKit is already set up for {described}")
                : Done(snapshot, RunEffect.Changed, $"WorkOS AuthKit for {described}: {string.Join("; ", applied.Actions)}");
        }

        private void WriteEnvLocal(ProjectSnapshot snapshot, LocalPlan plan, string envLocalName, AppliedChanges applied)
        {
            var action = EnvLocalWriter.Write(snapshot.EnvLocal!, plan.EnvWrites, envLocalName, save: true, _run.Scrubber);
            if (action == null)
                return;
            // The file is an input of the cache: recorded as this run leaves it.
            _run.Reader.Wrote(snapshot.EnvLocalPath);
            applied.ActionList.Add(action);
        }

        /// <summary>The end of a read-only run: the plan, or for Verify a failure when the deployment lacks what is needed.</summary>
        private ProvisioningResult Planned(ProjectSnapshot snapshot, List<string> actions, DeploymentSelection selection, string described, bool deploymentIncomplete)
        {
            if (_run.Options.Mode == ProvisioningMode.Verify && deploymentIncomplete)
            {
                var needs = snapshot.IsConfigMode ? "convex.json's authKit.dev needs" : "convex/auth.config reads";
                throw new ConvexAuthKitException(DiagnosticCodes.VerifyFailed,
                    $"Deployment {selection.Name} lacks the WorkOS variables {needs} ({WorkOSVariables.ClientId}, {WorkOSVariables.ApiKey}); build once locally without ConvexAuthKitMode=Verify, or run `npx convex dev`, to provision them.");
            }
            return actions.Count == 0
                ? Done(snapshot, RunEffect.UpToDate, $"WorkOS AuthKit is already set up for {described} (read-only run)")
                : Done(snapshot, RunEffect.Planned, $"plan for {described}: {string.Join("; ", actions)}");
        }

        private static void AddIfAny(List<string> actions, string? action)
        {
            if (action != null)
                actions.Add(action);
        }

        private static string Names(IReadOnlyDictionary<string, string> vars)
        {
            var workos = vars.Keys.Where(k => k.StartsWith("WORKOS_", StringComparison.Ordinal)).OrderBy(k => k, StringComparer.Ordinal).ToList();
            return workos.Count == 0 ? "no WORKOS_* variables" : string.Join(", ", workos) + " (names only)";
        }

        private ProvisioningResult Done(ProjectSnapshot snapshot, RunEffect effect, string summary) =>
            _run.Done(effect, summary, snapshot.EnvLocalPath.Length == 0 ? null : snapshot.EnvLocalPath);
    }
}
