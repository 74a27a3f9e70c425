using System;
using System.Threading;
using System.Threading.Tasks;
using ConvexAuthKit.Api;
using ConvexAuthKit.ConvexProject;
using ConvexAuthKit.Credentials;
using ConvexAuthKit.Diagnostics;
using ConvexAuthKit.Inspection;

namespace ConvexAuthKit.Provisioning
{
    /// <summary>
    /// Reaches the dev deployment the snapshot names. A deployment deploy key is used on its own, as the CLI uses it,
    /// and can then never provision; otherwise Big Brain is called with a project deploy key or the access token.
    /// </summary>
    internal static class DevDeploymentConnector
    {
        /// <returns>The deployment (null when a bare name turned out not to be a dev deployment: warned) and Big Brain (null with a deployment's own key).</returns>
        public static async Task<(AuthorizedDeployment? Deployment, BigBrainClient? BigBrain)> ConnectAsync(
            RunContext run, HttpTransport transport, Uri host, DeploymentSelection selection, DeployKey? deployKey,
            Func<string, string?> env, CancellationToken ct)
        {
            if (deployKey != null && deployKey.IsDeploymentKey)
            {
                var secret = run.Scrubber.Track(deployKey.Value);
                var anonymous = new BigBrainClient(transport, host, new Secret(""), run.Scrubber);
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
                bearer = ConvexCredentials.ReadAccessToken(env, run.Options.ResolvedHomeDir(), run.Options.GivenProvisionHost, out var configFile);
                if (bearer == null)
                {
                    throw new ConvexAuthKitException(DiagnosticCodes.NotLoggedIn,
                        $"You are not logged in to Convex (no access token in {configFile} or CONVEX_OVERRIDE_ACCESS_TOKEN); run `npx convex login`, then build again.");
                }
            }

            var bigBrain = new BigBrainClient(transport, host, run.Scrubber.Track(bearer), run.Scrubber);
            var type = selection.Kind == DeploymentKind.Dev ? "dev" : null;
            var deployment = await bigBrain.AuthorizeAsync(selection.Name, type, ct).ConfigureAwait(false);
            if (deployment.DeploymentType != "dev")
            {
                // A bare name that turned out to be prod or preview.
                DeploymentKindWarnings.WarnIfNotProvisioned(run.Reporter, deployment.DeploymentType == "prod" ? DeploymentKind.Prod : DeploymentKind.Preview,
                    $"CONVEX_DEPLOYMENT {selection} is a {deployment.DeploymentType} deployment");
                return (null, bigBrain);
            }
            return (deployment, bigBrain);
        }
    }
}
