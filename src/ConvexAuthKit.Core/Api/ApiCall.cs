using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using ConvexAuthKit.Diagnostics;

namespace ConvexAuthKit.Api
{
    /// <summary>What the three clients share: base URL, authorization, error mapping, reading fields.</summary>
    public abstract class ApiClientBase
    {
        private readonly HttpTransport _transport;
        private readonly Uri _origin;

        protected ApiClientBase(HttpTransport transport, Uri origin, string serviceName)
        {
            _transport = transport;
            _origin = origin;
            ServiceName = serviceName;
        }

        public string ServiceName { get; }

        protected abstract AuthenticationHeaderValue Authorization { get; }

        /// <summary>
        /// The Authorization header for <paramref name="credential"/>, refused (CAK0309) when the credential is not
        /// one header token: a key read from a deployment, a file or the environment with a line break, space or
        /// non-ASCII character is not a real key, and must never shape the request (nor crash the header parser).
        /// </summary>
        protected AuthenticationHeaderValue Header(string scheme, Secret credential)
        {
            var value = credential.Reveal;
            if (value.Length > 0 && !ServerShapes.IsHeaderToken(value))
            {
                throw new ConvexAuthKitException(DiagnosticCodes.CredentialNotSendable,
                    $"The key ConvexAuthKit would send to {ServiceName} holds spaces, control or non-ASCII characters, so it is not a real key and was not sent; check where it comes from (for WorkOS, the deployment's WORKOS_API_KEY; for Convex, `npx convex login` or CONVEX_DEPLOY_KEY).");
            }
            return new AuthenticationHeaderValue(scheme, value);
        }

        protected Task<ApiResponse> SendAsync(HttpMethod method, string path, JsonNode? body, bool safeToRepeat, CancellationToken ct)
        {
            var url = new Uri(_origin, path);
            // A POST without a body still sends {} (as the CLI does).
            var json = body?.ToJsonString() ?? (method == HttpMethod.Get ? null : "{}");
            return _transport.SendAsync(method, url, json, Authorization, safeToRepeat, ServiceName, ct);
        }

        protected ConvexAuthKitException Unexpected(ApiResponse response, string what)
        {
            var detail = response.ErrorCode ?? response.ErrorMessage;
            var suffix = detail == null ? "" : $" ({detail})";
            return new ConvexAuthKitException(DiagnosticCodes.HttpError,
                $"{ServiceName} answered {(int)response.Status}{suffix} to {what}; try the build again, and if it persists check the service status.");
        }

        protected static string RequiredString(JsonElement obj, string name, string serviceName)
        {
            if (obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
                return value.GetString()!;
            throw new ConvexAuthKitException(DiagnosticCodes.HttpError,
                $"{serviceName} sent an answer without \"{name}\"; update ConvexAuthKit, the API may have changed.");
        }
    }
}
