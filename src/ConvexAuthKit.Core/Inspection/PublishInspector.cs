using System.IO;
using ConvexAuthKit.ConvexProject;
using ConvexAuthKit.Credentials;
using ConvexAuthKit.Diagnostics;
using ConvexAuthKit.Options;

namespace ConvexAuthKit.Inspection
{
    /// <summary>
    /// The Inspect stage of a publish run (production or preview, docs/how-it-works.md#on-publish-production-and-preview):
    /// the same project files as a dev run, then which deployment the publish names and whether convex.json has its
    /// section. Local only; every input read through the run's <see cref="InputReader"/>.
    /// </summary>
    public sealed class PublishInspector : Inspector<PublishSnapshot>
    {
        public PublishInspector(ProvisioningOptions options, InputReader reader, IReporter reporter) : base(options, reader, reporter)
        {
        }

        protected override PublishSnapshot InspectRecorded()
        {
            var files = ProjectFiles.Read(Options, Reporter);
            var snapshot = new PublishSnapshot { FrontendDir = files.FrontendDir };
            var convexJson = files.ConvexJson;
            if (convexJson == null)
                return snapshot with { NothingToDo = "package.json does not depend on convex, so there is no Convex deployment to publish WorkOS settings for." };
            var env = Reader.BuildEnvironment(files.FrontendDir);
            snapshot = snapshot with { Environment = env, RealEnvironment = Reader.RealEnvironment };

            if (!string.IsNullOrEmpty(env("CONVEX_SELF_HOSTED_URL")))
            {
                Reporter.Warning(DiagnosticCodes.DeploymentKindUnsupported,
                    "CONVEX_SELF_HOSTED_URL is set: WorkOS AuthKit is only provisioned for Convex cloud deployments; configure WorkOS on your self-hosted backend by hand.");
                return snapshot with { NotProvisioned = "self-hosted deployment: nothing provisioned" };
            }

            var deployKey = ConvexCredentials.ReadDeployKey(env);
            var shape = DeployKeys.Shape(deployKey);
            snapshot = snapshot with { DeployKey = deployKey, KeyShape = shape };
            var target = DeploymentTarget.Select(Options.Deployment, deployKey, env);
            if (target == null)
                return snapshot with { NothingToDo = "the publish names no production or preview deployment (ConvexAuthKitDeployment, or a prod or preview CONVEX_DEPLOY_KEY); the build has already set up the dev deployment." };
            snapshot = snapshot with { Target = target };
            Reporter.Message(Importance.Low, $"Deployment: {target}, from {target.Source}.");

            var section = target.Kind == RemoteKind.Prod ? convexJson.AuthKit?.Prod : convexJson.AuthKit?.Preview;
            if (section == null)
            {
                var where = convexJson.FilePath == null ? "there is no convex.json" : $"{Rel(convexJson.FilePath)} has no authKit.{target.SectionName} section";
                Reporter.Warning(DiagnosticCodes.DeploymentKindNotProvisioned,
                    $"{target}: {where}, so ConvexAuthKit does not set up WorkOS for it; add the section (the official templates have one), or configure this deployment by hand in the Convex dashboard (deployment settings, Integrations, WorkOS), see https://docs.convex.dev/auth/authkit/.",
                    convexJson.FilePath);
                return snapshot with { NotProvisioned = $"{target}: no authKit.{target.SectionName} in convex.json, nothing provisioned" };
            }
            snapshot = snapshot with { Section = section, ConvexJsonPath = convexJson.FilePath! };

            if (target.Kind == RemoteKind.Preview && shape == DeployKeyShape.Project)
            {
                throw new ConvexAuthKitException(DiagnosticCodes.DeploymentTargetInvalid,
                    "CONVEX_DEPLOY_KEY is a project deploy key, which cannot reach preview deployments (the Convex CLI refuses too); use a preview deploy key, or unset it and use your login (`npx convex login`).");
            }
            if (shape == DeployKeyShape.None)
            {
                // With a login, Big Brain finds prod or the preview through any deployment of the project.
                var anchor = DeploymentSelection.Parse(env("CONVEX_DEPLOYMENT"));
                if (anchor == null || anchor.Kind == DeploymentKind.Local || anchor.Kind == DeploymentKind.Anonymous)
                {
                    throw new ConvexAuthKitException(DiagnosticCodes.ProjectNotSelected,
                        $"Publishing to {target} with your Convex login needs CONVEX_DEPLOYMENT (any cloud deployment of the project) to know which project; run `npx convex dev` once in {Rel(files.FrontendDir)}, or set CONVEX_DEPLOY_KEY to a {(target.Kind == RemoteKind.Prod ? "production" : "preview")} deploy key.");
                }
                snapshot = snapshot with { Anchor = anchor };
            }
            return snapshot;
        }
    }
}
