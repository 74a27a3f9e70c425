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
    public sealed class AuthorizedDeployment
    {
        public AuthorizedDeployment(string name, string deploymentType, Uri origin, Secret adminKey)
        {
            Name = name;
            DeploymentType = deploymentType;
            Origin = origin;
            AdminKey = adminKey;
        }

        public string Name { get; }
        public string DeploymentType { get; }
        public Uri Origin { get; }
        public Secret AdminKey { get; }
    }

    public sealed class WorkOSEnvironment
    {
        public WorkOSEnvironment(string environmentId, string clientId, Secret apiKey, bool newlyProvisioned)
        {
            EnvironmentId = environmentId;
            ClientId = clientId;
            ApiKey = apiKey;
            NewlyProvisioned = newlyProvisioned;
        }

        public string EnvironmentId { get; }
        public string ClientId { get; }
        public Secret ApiKey { get; }
        public bool NewlyProvisioned { get; }
    }

    /// <summary>has_associated_workos_team: whether the deployment's Convex team has a WorkOS team, and that team's id.</summary>
    public sealed class WorkOSTeamStatus
    {
        public WorkOSTeamStatus(bool hasWorkOSTeam, long? teamId)
        {
            HasWorkOSTeam = hasWorkOSTeam;
            TeamId = teamId;
        }

        public bool HasWorkOSTeam { get; }
        public long? TeamId { get; }
    }

    /// <summary>available_workos_team_emails.</summary>
    public sealed class WorkOSTeamEmails
    {
        public WorkOSTeamEmails(IReadOnlyList<string> available, IReadOnlyList<string> used)
        {
            Available = available;
            Used = used;
        }

        public IReadOnlyList<string> Available { get; }
        public IReadOnlyList<string> Used { get; }
    }

    /// <summary>Convex's management API ("Big Brain"), docs/cli-rules.md#big-brain. Authorization: Bearer &lt;access token&gt;.</summary>
    public sealed partial class BigBrainClient : ApiClientBase
    {
        private readonly Secret _accessToken;
        private readonly SecretScrubber _scrubber;

        public BigBrainClient(HttpTransport transport, Uri host, Secret accessToken, SecretScrubber scrubber)
            : base(transport, new Uri(host.GetLeftPart(UriPartial.Authority) + "/api/"), "Convex")
        {
            _accessToken = accessToken;
            _scrubber = scrubber;
        }

        protected override AuthenticationHeaderValue Authorization => Header("Bearer", _accessToken);

        public async Task<AuthorizedDeployment> AuthorizeAsync(string deploymentName, string? deploymentType, CancellationToken ct)
        {
            var selection = new JsonObject { ["kind"] = "deploymentName", ["deploymentName"] = deploymentName };
            if (deploymentType != null)
                selection["deploymentType"] = deploymentType;
            var body = new JsonObject { ["selectedDeploymentName"] = deploymentName, ["projectSelection"] = selection };

            // Authorizing is a read as far as state goes: safe to repeat.
            var response = await SendAsync(HttpMethod.Post, "deployment/authorize_within_current_project", body, true, ct).ConfigureAwait(false);
            ThrowCommon(response, deploymentName, "authorizing the deployment");
            using var doc = response.Json();
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw Unexpected(response, "authorizing the deployment");
            var adminKey = _scrubber.Track(RequiredString(root, "adminKey", ServiceName));
            if (!ServerShapes.IsAdminKey(adminKey.Reveal))
                throw Malformed("an admin key that does not have the shape of one (<type>:<name>|<key>, visible ASCII)", "authorizing the deployment");
            var origin = DeploymentOrigin(RequiredString(root, "url", ServiceName));
            string type;
            if (root.TryGetProperty("deploymentType", out var t) && t.ValueKind == JsonValueKind.String)
            {
                type = t.GetString()!;
                if (!ServerShapes.IsErrorCode(type) || type.Length > 20)
                    throw Malformed($"the deployment type '{ServerText.ForMessage(type, 40)}', which is not one", "authorizing the deployment");
            }
            else
            {
                type = deploymentType ?? "dev";
            }
            // The admin key and origin are used for what the build asked for; an answer about another deployment is not.
            if (root.TryGetProperty("deploymentName", out var n) && n.ValueKind == JsonValueKind.String && n.GetString() != deploymentName)
                throw Malformed($"the deployment '{ServerText.ForMessage(n.GetString(), 80)}' when asked for '{deploymentName}'", "authorizing the deployment");
            return new AuthorizedDeployment(deploymentName, type, origin, adminKey);
        }

        /// <summary>The deployment origin a deploy key belongs to.</summary>
        public async Task<Uri> UrlForKeyAsync(Secret deployKey, CancellationToken ct)
        {
            var body = new JsonObject { ["deployKey"] = deployKey.Reveal };
            var response = await SendAsync(HttpMethod.Post, "deployment/url_for_key", body, true, ct).ConfigureAwait(false);
            if (!response.IsSuccess)
            {
                throw new ConvexAuthKitException(DiagnosticCodes.DeployKeyInvalid,
                    $"Convex did not accept CONVEX_DEPLOY_KEY ({response.ErrorCode ?? ((int)response.Status).ToString()}); copy a current key from the Convex dashboard.");
            }
            using var doc = response.Json();
            if (doc.RootElement.ValueKind != JsonValueKind.String)
                throw Unexpected(response, "looking up the deploy key's deployment");
            return DeploymentOrigin(doc.RootElement.GetString()!);
        }

        /// <summary>A deployment URL from Convex, used as the origin of requests carrying the admin key: an origin and nothing else, and secure.</summary>
        private static Uri DeploymentOrigin(string url)
        {
            var origin = ServerShapes.ParseOrigin(url, out var problem);
            if (origin == null)
            {
                throw new ConvexAuthKitException(DiagnosticCodes.ServerAnswerMalformed,
                    $"Convex returned the deployment URL '{ServerText.ForMessage(url, 100)}', which is not a plain origin ({problem}); nothing was sent to it. A proxy may be altering answers; build again, and update ConvexAuthKit if it persists.");
            }
            return HttpTransport.RequireSecure(origin.GetLeftPart(UriPartial.Authority), "The deployment URL Convex returned");
        }

        private static ConvexAuthKitException Malformed(string what, string during) =>
            new ConvexAuthKitException(DiagnosticCodes.ServerAnswerMalformed,
                $"Convex answered {what} while {during}; it was not used and nothing was changed. A proxy may be altering answers; build again, and update ConvexAuthKit if it persists.");

        public async Task<WorkOSTeamStatus> HasAssociatedWorkOSTeamAsync(string deploymentName, CancellationToken ct)
        {
            var body = new JsonObject { ["deploymentName"] = deploymentName };
            var response = await SendAsync(HttpMethod.Post, "workos/has_associated_workos_team", body, true, ct).ConfigureAwait(false);
            ThrowCommon(response, deploymentName, "checking for a WorkOS team");
            using var doc = response.Json();
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw Unexpected(response, "checking for a WorkOS team");
            var has = root.TryGetProperty("hasAssociatedWorkosTeam", out var h) && h.ValueKind == JsonValueKind.True;
            long? teamId = root.TryGetProperty("teamId", out var t) && t.ValueKind == JsonValueKind.Number && t.TryGetInt64(out var id) ? id : (long?)null;
            return new WorkOSTeamStatus(has, teamId);
        }

        /// <summary>The signed-in member's verified emails that may create a WorkOS team, and those already used.</summary>
        public async Task<WorkOSTeamEmails> AvailableWorkOSTeamEmailsAsync(CancellationToken ct)
        {
            var response = await SendAsync(HttpMethod.Get, "workos/available_workos_team_emails", null, true, ct).ConfigureAwait(false);
            ThrowMemberOnly(response, "listing your emails for a WorkOS team");
            ThrowCommon(response, "", "listing your emails for a WorkOS team");
            using var doc = response.Json();
            return new WorkOSTeamEmails(StringArray(doc.RootElement, "availableEmails"), StringArray(doc.RootElement, "usedEmails"));
        }

        /// <summary>
        /// Creates the WorkOS team of a Convex team, with <paramref name="email"/> as its admin. This accepts WorkOS's
        /// terms on the user's behalf, so it is only ever called after an explicit opt-in. Not repeated on failure: a
        /// lost answer is found out by the next run's has_associated_workos_team.
        /// </summary>
        public async Task<string> ProvisionAssociatedWorkOSTeamAsync(long teamId, string email, CancellationToken ct)
        {
            var body = new JsonObject { ["teamId"] = teamId, ["email"] = email };
            var response = await SendAsync(HttpMethod.Post, "workos/provision_associated_workos_team", body, false, ct).ConfigureAwait(false);
            if (!response.IsSuccess && response.ErrorCode == "WorkosAccountAlreadyExistsWithThisEmail")
            {
                throw new ConvexAuthKitException(DiagnosticCodes.WorkOSTeamEmailUnavailable,
                    $"WorkOS already has an account with {email}, so it cannot be the admin of a new WorkOS team; set ConvexAuthKitWorkOSTeamEmail to another verified email (https://dashboard.convex.dev/profile), or run `npx convex integration workos provision-team`.");
            }
            ThrowMemberOnly(response, "creating a WorkOS team");
            ThrowCommon(response, "", "creating a WorkOS team");
            using var doc = response.Json();
            var root = doc.RootElement;
            var name = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("workosTeamName", out var n) && n.ValueKind == JsonValueKind.String
                ? n.GetString()!
                : RequiredString(root, "workosTeamId", ServiceName);
            // Only ever shown in a message.
            return ServerText.ForMessage(name, 80) ?? "";
        }

        private static IReadOnlyList<string> StringArray(JsonElement root, string name)
        {
            var list = new List<string>();
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in array.EnumerateArray())
                {
                    // Only address-shaped entries: they are shown in a message and one may be sent back.
                    if (item.ValueKind == JsonValueKind.String && ServerShapes.IsEmail(item.GetString()) && list.Count < 20)
                        list.Add(item.GetString()!);
                }
            }
            return list;
        }

        /// <summary>Team calls need a member's access token; a deploy key gets 403.</summary>
        private static void ThrowMemberOnly(ApiResponse response, string what)
        {
            if (response.Status == HttpStatusCode.Forbidden)
            {
                throw new ConvexAuthKitException(DiagnosticCodes.NoWorkOSTeam,
                    $"Convex refused {what} with a deploy key (403): only a team member can create a WorkOS team; run `npx convex integration workos provision-team` while logged in with `npx convex login`.");
            }
        }

        /// <summary>Idempotent by contract: a repeat returns the same environment, so it is safe to retry.</summary>
        /// <param name="environmentType">"nonproduction" (dev, preview) or "production" (prod; see BigBrainClient.Deployments.cs).</param>
        public async Task<WorkOSEnvironment> GetOrProvisionEnvironmentAsync(string deploymentName, CancellationToken ct, string environmentType = "nonproduction")
        {
            var body = new JsonObject { ["deploymentName"] = deploymentName, ["environmentType"] = environmentType };
            var response = await SendAsync(HttpMethod.Post, "workos/get_or_provision_workos_environment", body, true, ct).ConfigureAwait(false);
            if (!response.IsSuccess && response.ErrorCode == "WorkOSTeamNotProvisioned")
                throw NoWorkOSTeam();
            ThrowCommon(response, deploymentName, "provisioning a WorkOS environment");
            using var doc = response.Json();
            var root = doc.RootElement;
            var apiKeyValue = OptionalString(root, "apiKey");
            var apiKey = _scrubber.Track(apiKeyValue ?? "");
            var clientId = OptionalString(root, "clientId");
            var environmentId = OptionalString(root, "environmentId");
            // Checked before anything is set on the deployment: an empty or foreign value there breaks every sign-in.
            var wrong = new List<string>();
            if (!WorkOSShapes.IsClientId(clientId))
                wrong.Add(Describe("clientId", clientId, "client_ and 26 letters and digits"));
            if (!WorkOSShapes.IsEnvironmentId(environmentId))
                wrong.Add(Describe("environmentId", environmentId, "environment_ and 26 letters and digits"));
            if (!WorkOSShapes.IsApiKey(apiKeyValue))
                wrong.Add(Describe("apiKey", apiKeyValue, "sk_test_ or sk_live_ and a token"));
            if (wrong.Count > 0)
            {
                throw new ConvexAuthKitException(DiagnosticCodes.ProvisionedCredentialsMalformed,
                    $"Convex answered the WorkOS environment for {deploymentName} with {string.Join("; ", wrong)}; nothing was set on the deployment. Build again; if it persists, check the deployment's WorkOS integration in the Convex dashboard, or update ConvexAuthKit.");
            }
            var newly = root.TryGetProperty("newlyProvisioned", out var np) && np.ValueKind == JsonValueKind.True;
            return new WorkOSEnvironment(environmentId!, clientId!, apiKey, newly);
        }

        private static string? OptionalString(JsonElement root, string name) =>
            root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;

        /// <summary>What is wrong with one credential field. Never the value: a server that mixed the fields up could put the key anywhere.</summary>
        private static string Describe(string field, string? value, string shape)
        {
            if (value == null)
                return $"no \"{field}\"";
            if (value.Length == 0)
                return $"an empty \"{field}\"";
            return $"a \"{field}\" that is not {shape}";
        }

        public static ConvexAuthKitException NoWorkOSTeam() => new ConvexAuthKitException(DiagnosticCodes.NoWorkOSTeam,
            "Your Convex team has no WorkOS team yet; run `npx convex integration workos provision-team` once (it accepts WorkOS's terms), or set ConvexAuthKitWorkOSTeamEmail to one of your verified emails to let the build create it, then build again.");

        private void ThrowCommon(ApiResponse response, string deploymentName, string what)
        {
            if (response.IsSuccess)
                return;
            if (response.Status == HttpStatusCode.Unauthorized)
            {
                throw new ConvexAuthKitException(DiagnosticCodes.AccessTokenRejected,
                    "Convex rejected your access token (401); run `npx convex login` and build again.");
            }
            if (deploymentName.Length > 0 && (response.Status == HttpStatusCode.NotFound || response.ErrorCode == "DeploymentNotFound"))
            {
                throw new ConvexAuthKitException(DiagnosticCodes.DeploymentNotFound,
                    $"Convex has no deployment '{deploymentName}' that you can access; run `npx convex dev` to select a deployment, or fix CONVEX_DEPLOYMENT in .env.local.");
            }
            throw Unexpected(response, what);
        }
    }
}
