using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using ConvexAuthKit.Diagnostics;

namespace ConvexAuthKit.Api
{
    /// <summary>
    /// A deployment's own HTTP API (docs/cli-rules.md#deployment-and-workos-apis), at the origin Big Brain returned. Authorization: Convex &lt;admin key&gt;.
    /// The documented v1 endpoints give the same state as the CLI's WebSocket reads in one round trip.
    /// </summary>
    public sealed class DeploymentClient : ApiClientBase
    {
        private readonly Secret _key;

        public DeploymentClient(HttpTransport transport, Uri origin, Secret adminOrDeployKey, string deploymentName)
            : base(transport, origin, $"Convex deployment '{deploymentName}'")
        {
            _key = adminOrDeployKey;
        }

        protected override AuthenticationHeaderValue Authorization => Header("Convex", _key);

        public async Task<IReadOnlyDictionary<string, string>> ListEnvironmentVariablesAsync(CancellationToken ct)
        {
            var response = await SendAsync(HttpMethod.Get, "api/v1/list_environment_variables", null, true, ct).ConfigureAwait(false);
            ThrowCommon(response, "listing its environment variables");
            using var doc = response.Json();
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            if (doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.TryGetProperty("environmentVariables", out var vars)
                && vars.ValueKind == JsonValueKind.Object)
            {
                foreach (var v in vars.EnumerateObject())
                {
                    // Values are the deployment's data and kept as they are; a name no deployment can hold is not
                    // one we read, and is dropped so it can never reach a message.
                    if (v.Value.ValueKind == JsonValueKind.String && ServerShapes.IsVariableName(v.Name))
                        result[v.Name] = v.Value.GetString()!;
                }
                return result;
            }
            throw Unexpected(response, "listing its environment variables");
        }

        /// <summary>Sets the variables in one call, in the given order. Setting a value is idempotent, so it is retried.</summary>
        public async Task UpdateEnvironmentVariablesAsync(IEnumerable<KeyValuePair<string, string?>> changes, CancellationToken ct)
        {
            var list = new JsonArray();
            foreach (var change in changes)
                list.Add(new JsonObject { ["name"] = change.Key, ["value"] = change.Value });
            var body = new JsonObject { ["changes"] = list };
            var response = await SendAsync(HttpMethod.Post, "api/v1/update_environment_variables", body, true, ct).ConfigureAwait(false);
            ThrowCommon(response, "setting its environment variables");
        }

        private void ThrowCommon(ApiResponse response, string what)
        {
            if (response.IsSuccess)
                return;
            if (response.Status == HttpStatusCode.Unauthorized || response.Status == HttpStatusCode.Forbidden)
            {
                throw new ConvexAuthKitException(DiagnosticCodes.AccessTokenRejected,
                    $"{ServiceName} rejected the key it was given ({(int)response.Status}) while {what}; run `npx convex login` (or renew CONVEX_DEPLOY_KEY) and build again.");
            }
            throw Unexpected(response, what);
        }
    }
}
