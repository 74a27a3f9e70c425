using System;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using ConvexAuthKit.Diagnostics;

namespace ConvexAuthKit.Api
{
    /// <summary>
    /// Reaching a production or preview deployment (CLI 1.48: `--prod`, `--preview-name`, `npx convex deploy`):
    /// <c>authorize_prod</c> names any deployment of the project and answers its production deployment;
    /// <c>authorize_preview</c> names the preview (the branch) and the project and answers an existing preview (the
    /// CLI's <c>--preview-name</c> outside `deploy`; it never creates one); with a project deploy key the CLI asks
    /// <c>provision_and_authorize</c> for the project's prod deployment. All answer the same shape as
    /// <c>authorize_within_current_project</c>. With a preview deploy key `npx convex deploy` instead claims the
    /// preview (<see cref="ClaimPreviewDeploymentAsync"/>), which creates it when new.
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

        /// <summary>
        /// What `npx convex deploy` does with a preview deploy key (CLI deploy.ts, deployToNewPreviewDeployment):
        /// <c>claim_preview_deployment</c> with the key's team and project and the preview's identifier (the branch).
        /// Big Brain answers the preview of that identifier, creating it when the project has none. <c>reuse</c> is
        /// always true, as the CLI sends it since 1.36 unless told <c>--preview-create</c>: without it (and in CLIs before
        /// 1.36) a claim deletes an existing preview of that identifier and makes a new, empty one. With it a repeat
        /// returns the same deployment, so the call is safe to repeat after a lost answer. docs/cli-rules.md#production-and-preview.
        /// </summary>
        public async Task<ClaimedPreview> ClaimPreviewDeploymentAsync(string identifier, string teamSlug, string projectSlug, CancellationToken ct)
        {
            const string during = "claiming the preview deployment";
            var body = new JsonObject
            {
                ["projectSelection"] = new JsonObject { ["kind"] = "teamAndProjectSlugs", ["teamSlug"] = teamSlug, ["projectSlug"] = projectSlug },
                ["identifier"] = identifier,
                ["reuse"] = true,
            };
            var response = await SendAsync(HttpMethod.Post, "claim_preview_deployment", body, true, ct).ConfigureAwait(false);
            if (response.Status == HttpStatusCode.Unauthorized || response.Status == HttpStatusCode.Forbidden)
            {
                // Convex answers an unknown key, or one of another project than the one it names, 401 AuthenticationFailed.
                throw new ConvexAuthKitException(DiagnosticCodes.DeployKeyInvalid,
                    $"Convex did not accept CONVEX_DEPLOY_KEY as a preview deploy key of {teamSlug}/{projectSlug} ({response.ErrorCode ?? ((int)response.Status).ToString()}); copy a current preview deploy key from the project's settings in the Convex dashboard. Nothing was created.");
            }
            ThrowCommon(response, "", during);
            using var doc = response.Json();
            var root = doc.RootElement;
            // The deployment's admin key, or (as Convex has been seen to answer) the project's preview deploy key itself.
            var (adminKey, origin) = AdminKeyAndOrigin(root, "instanceUrl", during);
            var name = ClaimedDeploymentName(root, origin, during);
            var type = OptionalString(root, "deploymentType");
            if (type != null && type != "preview")
                throw Malformed($"a deployment of type '{ServerText.ForMessage(type, 20)}' instead of a preview deployment", during);
            var isNew = root.TryGetProperty("isNewDeployment", out var created) && created.ValueKind == JsonValueKind.True;
            return new ClaimedPreview(new AuthorizedDeployment(name, "preview", origin, adminKey), isNew);
        }

        /// <summary>
        /// The claimed deployment's name: <c>deploymentName</c>, else (older answers carry only the URL) the name in a
        /// <c>&lt;name&gt;.convex.cloud</c> host, as the CLI takes it for WorkOS. Both given must agree.
        /// </summary>
        private static string ClaimedDeploymentName(JsonElement root, Uri origin, string during)
        {
            var fromUrl = CloudHostName.Match(origin.Host) is { Success: true } m ? m.Groups[1].Value : null;
            var given = OptionalString(root, "deploymentName");
            if (given == null)
                return fromUrl ?? throw Malformed("neither a deployment name nor a convex.cloud URL that holds one", during);
            if (!DeploymentNameShape.IsMatch(given))
                throw Malformed($"the deployment name '{ServerText.ForMessage(given, 80)}', which is not one", during);
            if (fromUrl != null && fromUrl != given)
                throw Malformed($"the deployment '{given}' with the URL of '{fromUrl}'", during);
            return given;
        }

        /// <summary>The admin key (tracked as a secret) and the deployment origin of an answer, both checked by shape before use.</summary>
        private (Secret AdminKey, Uri Origin) AdminKeyAndOrigin(JsonElement root, string urlProperty, string during)
        {
            if (root.ValueKind != JsonValueKind.Object)
                throw Malformed("something other than a JSON object", during);
            var adminKeyText = OptionalString(root, "adminKey");
            if (!ServerShapes.IsAdminKey(adminKeyText))
                throw Malformed(adminKeyText == null ? "no admin key" : "an admin key that does not have the shape of one (<prefix>|<key>, visible ASCII)", during);
            var adminKey = _scrubber.Track(adminKeyText!);
            var urlText = OptionalString(root, urlProperty) ?? throw Malformed($"no \"{urlProperty}\"", during);
            return (adminKey, DeploymentOrigin(urlText));
        }

        private static readonly Regex CloudHostName = new Regex(@"^([a-z]+-[a-z]+-[0-9]+)\.(?:[^.]+\.)?convex\.cloud$", RegexOptions.CultureInvariant);
        private static readonly Regex DeploymentNameShape = new Regex(@"^[a-z0-9][a-z0-9-]{0,99}$", RegexOptions.CultureInvariant);

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
            var during = "authorizing " + what;
            ThrowCommon(response, "", during);
            using var doc = response.Json();
            var root = doc.RootElement;
            // Checked as strictly as the dev deployment's answer: the admin key goes to the origin, the name into messages and the cache.
            var (adminKey, origin) = AdminKeyAndOrigin(root, "url", during);
            var name = OptionalString(root, "deploymentName");
            if (name == null || !DeploymentNameShape.IsMatch(name))
                throw Malformed(name == null ? "no deployment name" : $"the deployment name '{ServerText.ForMessage(name, 80)}', which is not one", during);
            var type = OptionalString(root, "deploymentType") ?? expectedType;
            if (type != expectedType)
                throw Malformed($"a {ServerText.ForMessage(type, 20)} deployment ({name}) when asked for {what}", during);
            return new AuthorizedDeployment(name, type, origin, adminKey);
        }
    }

    /// <summary>The answer of <c>claim_preview_deployment</c>: the preview, and whether this claim created it.</summary>
    public sealed class ClaimedPreview
    {
        public ClaimedPreview(AuthorizedDeployment deployment, bool isNew)
        {
            Deployment = deployment;
            IsNew = isNew;
        }

        public AuthorizedDeployment Deployment { get; }
        public bool IsNew { get; }
    }
}
