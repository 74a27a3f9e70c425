using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using ConvexAuthKit.Diagnostics;

namespace ConvexAuthKit.Api
{
    /// <summary>
    /// Reaching a production or preview deployment (CLI 1.48: `--prod`, `--preview-name`, `npx convex deploy`):
    /// <c>authorize_prod</c> names any deployment of the project and answers its production deployment;
    /// <c>authorize_preview</c> names the preview (the branch) and the project; with a project deploy key the CLI
    /// asks <c>provision_and_authorize</c> for the project's prod deployment. All answer the same shape as
    /// <c>authorize_within_current_project</c>.
    /// </summary>
    public sealed partial class BigBrainClient
    {
        public Task<AuthorizedDeployment> AuthorizeProdAsync(string anchorDeploymentName, CancellationToken ct) =>
            AuthorizeOtherAsync("deployment/authorize_prod", new JsonObject { ["deploymentName"] = anchorDeploymentName }, "the production deployment", "prod", ct);

        /// <param name="projectSelection">
        /// <c>{"kind":"deploymentName","deploymentName":…}</c> (a deployment of the project) or
        /// <c>{"kind":"teamAndProjectSlugs","teamSlug":…,"projectSlug":…}</c> (what a preview deploy key names).
        /// </param>
        public Task<AuthorizedDeployment> AuthorizePreviewAsync(string previewName, JsonObject projectSelection, CancellationToken ct) =>
            AuthorizeOtherAsync("deployment/authorize_preview", new JsonObject { ["previewName"] = previewName, ["projectSelection"] = projectSelection },
                $"the preview deployment '{previewName}'", "preview", ct);

        public Task<AuthorizedDeployment> AuthorizeProdWithProjectKeyAsync(string teamSlug, string projectSlug, CancellationToken ct) =>
            AuthorizeOtherAsync("deployment/provision_and_authorize",
                new JsonObject { ["teamSlug"] = teamSlug, ["projectSlug"] = projectSlug, ["deploymentType"] = "prod" }, "the production deployment", "prod", ct);

        private async Task<AuthorizedDeployment> AuthorizeOtherAsync(string path, JsonObject body, string what, string expectedType, CancellationToken ct)
        {
            // Authorizing changes nothing that a repeat would change again (a preview created by the first answer is found by the second).
            var response = await SendAsync(HttpMethod.Post, path, body, true, ct).ConfigureAwait(false);
            if (!response.IsSuccess && response.Status != HttpStatusCode.Unauthorized
                && (response.Status == HttpStatusCode.NotFound || response.Status == HttpStatusCode.Forbidden))
            {
                throw new ConvexAuthKitException(DiagnosticCodes.RemoteDeploymentNotFound,
                    $"Convex has no {what} that these credentials can reach ({response.ErrorCode ?? ((int)response.Status).ToString()}); check ConvexAuthKitDeployment and CONVEX_DEPLOY_KEY (a preview deployment is created only with a preview deploy key), or create it with `npx convex deploy` first.");
            }
            ThrowCommon(response, "", "authorizing " + what);
            using var doc = response.Json();
            var root = doc.RootElement;
            var adminKey = _scrubber.Track(RequiredString(root, "adminKey", ServiceName));
            var origin = HttpTransport.RequireSecure(RequiredString(root, "url", ServiceName), "The deployment URL Convex returned");
            var name = RequiredString(root, "deploymentName", ServiceName);
            var type = root.TryGetProperty("deploymentType", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : expectedType;
            if (type != expectedType)
            {
                throw new ConvexAuthKitException(DiagnosticCodes.HttpError,
                    $"Convex answered a {type} deployment ({name}) when asked for {what}; update ConvexAuthKit, the API may have changed.");
            }
            return new AuthorizedDeployment(name, type, origin, adminKey);
        }
    }
}
