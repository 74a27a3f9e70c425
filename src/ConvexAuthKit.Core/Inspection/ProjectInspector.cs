using System;
using System.IO;
using ConvexAuthKit.ConvexProject;
using ConvexAuthKit.Credentials;
using ConvexAuthKit.Diagnostics;
using ConvexAuthKit.EnvFiles;
using ConvexAuthKit.Evaluation;
using ConvexAuthKit.Frameworks;
using ConvexAuthKit.Options;
using ConvexAuthKit.Scanning;

namespace ConvexAuthKit.Inspection
{
    /// <summary>
    /// The Inspect stage of a dev run: local files and the environment only, no request. Every input is read through
    /// the run's <see cref="InputReader"/>, so what the cache depends on is what was read. Throws coded errors for bad
    /// input; a run that ends here says why in <see cref="ProjectSnapshot.NothingToDo"/> or <see cref="ProjectSnapshot.NotProvisioned"/>.
    /// </summary>
    public sealed class ProjectInspector : Inspector<ProjectSnapshot>
    {
        public ProjectInspector(ProvisioningOptions options, InputReader reader, IReporter reporter) : base(options, reader, reporter)
        {
        }

        protected override ProjectSnapshot InspectRecorded()
        {
            var files = ProjectFiles.Read(Options, Reporter);
            var snapshot = new ProjectSnapshot { FrontendDir = files.FrontendDir, Package = files.Package, ConvexJson = files.ConvexJson };
            var convexJson = files.ConvexJson;
            if (convexJson == null)
                return snapshot with { NothingToDo = $"{Rel(files.Package.FilePath)} does not depend on convex, so there is no Convex project to configure." };

            if (convexJson.AuthKit != null)
            {
                // As in the CLI: an authKit key switches auth.config detection off, whatever it holds.
                if (convexJson.AuthKit.Dev == null)
                    return snapshot with { NothingToDo = $"{Rel(convexJson.FilePath!)} has an authKit section without dev, so nothing is set up for dev deployments (auth.config is not consulted when authKit is present)." };
                snapshot = snapshot with { AuthKitDev = convexJson.AuthKit.Dev };
                Reporter.Message(Importance.Low, $"{Rel(convexJson.FilePath!)} has authKit.dev (line {convexJson.AuthKit.Dev.Line}): it decides what is provisioned, written and registered.");
            }
            else
            {
                var notRead = WhyWorkOSClientIdIsNotRead(files.FrontendDir, convexJson.FunctionsDir(files.FrontendDir));
                if (notRead != null)
                    return snapshot with { NothingToDo = notRead };
            }

            var framework = FrameworkDetector.Detect(files.Package.Dependencies);
            var devUrl = DevUrlFinder.Find(Options, files.FrontendDir, framework, out var devUrlSource);
            snapshot = snapshot with { Framework = framework, DevUrl = devUrl, DevUrlSource = snapshot.IsConfigMode ? "convex.json" : devUrlSource };
            Reporter.Message(Importance.Low,
                $"Framework: {(framework == null ? "none recognised" : framework.Name + " (package.json depends on " + framework.Dependency + ")")}; dev URL {snapshot.DevUrl} from {snapshot.DevUrlSource}.");

            // Read (and validate) .env.local before any request: a file we could not write must fail the build
            // before anything is changed remotely.
            var envLocalPath = Path.Combine(files.FrontendDir, ".env.local");
            var envLocal = EnvFileDocument.Load(envLocalPath);
            if (Options.Mode == ProvisioningMode.Apply)
                envLocal.EnsureWritable();
            var env = Reader.BuildEnvironment(files.FrontendDir);
            snapshot = snapshot with { EnvLocalPath = envLocalPath, EnvLocal = envLocal, Environment = env, RealEnvironment = Reader.Environment };

            if (!string.IsNullOrEmpty(env("CONVEX_SELF_HOSTED_URL")))
            {
                Reporter.Warning(DiagnosticCodes.DeploymentKindUnsupported,
                    "CONVEX_SELF_HOSTED_URL is set: WorkOS AuthKit is only provisioned for Convex cloud dev deployments; configure WorkOS on your self-hosted backend by hand.");
                return snapshot with { NotProvisioned = "self-hosted deployment: nothing provisioned" };
            }

            var deployKey = ConvexCredentials.ReadDeployKey(env);
            snapshot = snapshot with { DeployKey = deployKey };
            var atPublish = DeployKeys.HandledAtPublish(deployKey, convexJson.AuthKit);
            if (atPublish != null)
                return snapshot with { NothingToDo = atPublish };
            if (deployKey?.Kind == DeployKeyKind.Preview)
            {
                DeploymentKindWarnings.WarnIfNotProvisioned(Reporter, DeploymentKind.Preview, "CONVEX_DEPLOY_KEY is a preview deploy key");
                return snapshot with { NotProvisioned = "preview deploy key: nothing provisioned" };
            }
            var selection = SelectDeployment(env, deployKey);
            if (selection == null)
            {
                throw new ConvexAuthKitException(DiagnosticCodes.DeploymentNotConfigured,
                    $"No CONVEX_DEPLOYMENT in {Rel(envLocalPath)} or the environment, so there is no dev deployment to configure; run `npx convex dev` once in {Rel(files.FrontendDir)} to create one.",
                    envLocalPath);
            }
            snapshot = snapshot with { Deployment = selection };
            Reporter.Message(Importance.Low, $"Deployment: {selection}.");
            if (DeploymentKindWarnings.WarnIfNotProvisioned(Reporter, selection.Kind, $"CONVEX_DEPLOYMENT is {selection}"))
                return snapshot with { NotProvisioned = $"{selection} is not a cloud dev deployment: nothing provisioned" };
            return snapshot;
        }

        /// <summary>Seed mode's question (docs/cli-rules.md#when-it-acts): does auth.config read WORKOS_CLIENT_ID? Null when it does, else why not.</summary>
        private string? WhyWorkOSClientIdIsNotRead(string frontendDir, string functionsDir)
        {
            // The config files (looked for or read) and the modules they import are recorded as they are read.
            var scan = AuthConfigScanner.ScanFunctionsDir(functionsDir);
            // What the scan cannot decide is evaluated in Node (or falls back); the files Node read are inputs too.
            scan = UndecidableConfigResolver.Decide(scan, new EvaluationSettings(
                frontendDir, Options.IntermediateDir, Options.EvaluationTimeout, Options.Environment, Reporter, Reader.ReadElsewhere));
            var how = scan.Method == ScanMethod.Evaluated ? "evaluated" : scan.Method == ScanMethod.Fallback ? "scanned, undecidable: fallback rule" : "scanned";
            if (!scan.ReadsWorkOSClientId)
                return scan.Reason + " (" + how + ")";
            Reporter.Message(Importance.Low, scan.Reason + " (" + how + ")");
            return null;
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
                Reporter.Message(Importance.Normal, $"CONVEX_DEPLOY_KEY is a key for {fromKey}, which wins over CONVEX_DEPLOYMENT={configured} as it does in the Convex CLI.");
            return fromKey;
        }

    }
}
