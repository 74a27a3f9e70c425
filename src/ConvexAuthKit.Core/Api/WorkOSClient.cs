using System;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using ConvexAuthKit.Diagnostics;

namespace ConvexAuthKit.Api
{
    public enum Registration { Added, AlreadyPresent, Rejected }

    /// <summary>The WorkOS user-management endpoints the CLI calls (docs/cli-rules.md#deployment-and-workos-apis). Authorization: Bearer &lt;WORKOS_API_KEY&gt;.</summary>
    public sealed class WorkOSClient : ApiClientBase
    {
        private readonly Secret _apiKey;

        public WorkOSClient(HttpTransport transport, Uri apiUrl, Secret apiKey)
            : base(transport, new Uri(apiUrl.GetLeftPart(UriPartial.Authority) + "/"), "WorkOS")
        {
            _apiKey = apiKey;
        }

        protected override AuthenticationHeaderValue Authorization => Header("Bearer", _apiKey);

        /// <summary>201 = added; 422 whose body says "already exists" = already registered.</summary>
        public async Task<Registration> AddRedirectUriAsync(string uri, CancellationToken ct)
        {
            // Adding is idempotent in effect (a repeat is a 422 "already exists"), so retrying is safe.
            var response = await SendAsync(HttpMethod.Post, "user_management/redirect_uris", new JsonObject { ["uri"] = uri }, true, ct).ConfigureAwait(false);
            if (response.IsSuccess)
                return Registration.Added;
            if ((int)response.Status == 422 && SaysAlreadyExists(response))
                return Registration.AlreadyPresent;
            throw Failure(response, $"registering the redirect URI {uri}");
        }

        /// <summary>201 = added; 409 duplicate_cors_origin (or "already exists") = already registered.</summary>
        public async Task<Registration> AddCorsOriginAsync(string origin, CancellationToken ct)
        {
            var response = await SendAsync(HttpMethod.Post, "user_management/cors_origins", new JsonObject { ["origin"] = origin }, true, ct).ConfigureAwait(false);
            if (response.IsSuccess)
                return Registration.Added;
            if (response.Status == HttpStatusCode.Conflict && (response.ErrorCode == "duplicate_cors_origin" || SaysAlreadyExists(response)))
                return Registration.AlreadyPresent;
            throw Failure(response, $"registering the CORS origin {origin}");
        }

        /// <summary>200 = set; any 422 = not modified (WorkOS rejects localhost), which is not an error.</summary>
        public async Task<Registration> SetAppHomepageUrlAsync(string url, CancellationToken ct)
        {
            var response = await SendAsync(HttpMethod.Put, "user_management/app_homepage_url", new JsonObject { ["url"] = url }, true, ct).ConfigureAwait(false);
            if (response.IsSuccess)
                return Registration.Added;
            if ((int)response.Status == 422)
                return Registration.Rejected;
            throw Failure(response, $"setting the app homepage URL {url}");
        }

        private static bool SaysAlreadyExists(ApiResponse response) =>
            response.Body.IndexOf("already exists", StringComparison.OrdinalIgnoreCase) >= 0;

        private ConvexAuthKitException Failure(ApiResponse response, string what)
        {
            if (response.Status == HttpStatusCode.Unauthorized)
            {
                return new ConvexAuthKitException(DiagnosticCodes.WorkOSRequestFailed,
                    $"WorkOS rejected the deployment's WORKOS_API_KEY (401) while {what}; check the key in the Convex dashboard, or remove it with `npx convex env remove WORKOS_API_KEY` so it is provisioned again.");
            }
            var detail = response.ErrorCode ?? response.ErrorMessage;
            return new ConvexAuthKitException(DiagnosticCodes.WorkOSRequestFailed,
                $"WorkOS answered {(int)response.Status}{(detail == null ? "" : " (" + detail + ")")} while {what}; build again to retry, the deployment variables are already set.");
        }
    }
}
