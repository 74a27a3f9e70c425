using System.Net;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using ConvexAuthKit.Emulator;

namespace ConvexAuthKit.Tests.Emulator;

/// <summary>
/// The deployment's sync protocol (<c>/api/&lt;client version&gt;/sync</c>) as the Convex CLI uses it to read
/// environment variables: <c>_system/cli/queryEnvironmentVariables</c> over a WebSocket, admin-authenticated.
/// </summary>
public class SyncProtocolTests
{
    private const string Get = "_system/cli/queryEnvironmentVariables:get";
    private const string List = "_system/cli/queryEnvironmentVariables";

    [Fact]
    public async Task Connect_authenticate_and_add_get_the_identity_transition_then_the_variable()
    {
        var options = EmulatorOptions.Default();
        options.Deployments[0].Variables["WORKOS_CLIENT_ID"] = "client_seeded";
        await using var emulator = await ConvexEmulator.StartAsync(options);
        await using var client = await SyncClient.ConnectAsync(emulator);

        await client.AuthenticateAsync(await emulator.AdminKey());
        await client.AddGetAsync(0, 0, "WORKOS_CLIENT_ID");

        // The new identity first (no query yet), from the initial version...
        var identity = await client.ExpectAsync("Transition");
        Assert.Equal(0, (int)identity["startVersion"]!["querySet"]!);
        Assert.Equal(0, (int)identity["startVersion"]!["identity"]!);
        Assert.Equal(SyncClient.InitialTs, (string?)identity["startVersion"]!["ts"]);
        Assert.Equal(0, (int)identity["endVersion"]!["querySet"]!);
        Assert.Equal(1, (int)identity["endVersion"]!["identity"]!);
        Assert.Empty(identity["modifications"]!.AsArray());
        Assert.True(SyncClient.Ts(identity["endVersion"]) > 0);
        // ...then the query set, starting where the last transition ended.
        var query = await client.ExpectAsync("Transition");
        Assert.Equal(identity["endVersion"]!.ToJsonString(), query["startVersion"]!.ToJsonString());
        Assert.Equal(1, (int)query["endVersion"]!["querySet"]!);
        Assert.True(SyncClient.Ts(query["endVersion"]) >= SyncClient.Ts(query["startVersion"]));
        var update = Assert.Single(query["modifications"]!.AsArray())!;
        Assert.Equal("QueryUpdated", (string?)update["type"]);
        Assert.Equal(0, (int)update["queryId"]!);
        Assert.Equal("""{"name":"WORKOS_CLIENT_ID","value":"client_seeded"}""", update["value"]!.ToJsonString());
        Assert.Empty(update["logLines"]!.AsArray());
        Assert.True(update.AsObject().ContainsKey("journal"));
        Assert.Null(update["journal"]);
        Assert.True(query["serverTs"] is JsonValue);
        Assert.True(query["clientClockSkew"] is JsonValue);
    }

    [Fact]
    public async Task A_missing_variable_is_null_and_the_list_gives_documents_in_name_order()
    {
        await using var emulator = await ConvexEmulator.StartAsync();
        emulator.State.SetDeploymentVariable(Calls.Dev, "ZED", "z");
        emulator.State.SetDeploymentVariable(Calls.Dev, "ALPHA", "a");
        await using var client = await SyncClient.ConnectAsync(emulator);
        await client.AuthenticateAsync(await emulator.AdminKey());
        await client.ExpectAsync("Transition");

        await client.AddGetAsync(0, 0, "WORKOS_API_KEY");
        var missing = Assert.Single((await client.ExpectAsync("Transition"))["modifications"]!.AsArray())!;
        Assert.Equal("QueryUpdated", (string?)missing["type"]);
        Assert.Equal(JsonValueKind(null), JsonValueKind(missing["value"]));

        // The CLI's list: the default export, named without ":default".
        await client.AddAsync(1, 1, List, []);
        var listed = Assert.Single((await client.ExpectAsync("Transition"))["modifications"]!.AsArray())!;
        var documents = listed["value"]!.AsArray();
        Assert.Equal(["ALPHA", "ZED"], documents.Select(d => (string)d!["name"]!));
        Assert.Equal(["a", "z"], documents.Select(d => (string)d!["value"]!));
        Assert.All(documents, d => Assert.Equal(32, ((string)d!["_id"]!).Length));
        Assert.All(documents, d => Assert.True((double)d!["_creationTime"]! > 0));
    }

    [Fact]
    public async Task A_wrong_admin_key_gets_an_AuthError_and_a_close_without_a_code()
    {
        await using var emulator = await ConvexEmulator.StartAsync();
        await using var client = await SyncClient.ConnectAsync(emulator);

        await client.AuthenticateAsync("dev:happy-animal-123|0123456789abcdef0123456789abcdef");
        await client.AddGetAsync(0, 0, "WORKOS_CLIENT_ID");

        var error = await client.ExpectLastAsync("AuthError");
        Assert.Equal("The provided admin key was invalid for this instance", (string?)error["error"]);
        Assert.Equal(0, (int)error["baseVersion"]!);
        Assert.True((bool)error["authUpdateAttempted"]!);
        AssertClosedWithoutACode(client);
    }

    [Fact]
    public async Task A_system_query_without_admin_auth_is_a_FatalError_and_a_normal_close()
    {
        await using var emulator = await ConvexEmulator.StartAsync();
        await using var client = await SyncClient.ConnectAsync(emulator);

        await client.AddGetAsync(0, 0, "WORKOS_CLIENT_ID");

        var error = await client.ExpectLastAsync("FatalError");
        Assert.Equal("Operation query not permitted", (string?)error["error"]);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, client.CloseStatus);
        Assert.Equal("SystemIdentityRequired", client.CloseReason);
    }

    [Fact]
    public async Task Variables_set_through_the_http_api_are_pushed_to_the_subscription_and_read_by_a_later_query()
    {
        await using var emulator = await ConvexEmulator.StartAsync();
        var adminKey = await emulator.AdminKey();
        await using var client = await SyncClient.ConnectAsync(emulator);
        await client.AuthenticateAsync(adminKey);
        await client.ExpectAsync("Transition");
        await client.AddGetAsync(0, 0, "WORKOS_CLIENT_ID");
        var before = Assert.Single((await client.ExpectAsync("Transition"))["modifications"]!.AsArray())!;
        Assert.Equal(JsonValueKind(null), JsonValueKind(before["value"]));

        var reply = await Http.Post(emulator.OnDeployment(Calls.Dev, "/api/update_environment_variables"),
            new { changes = new[] { new { name = "WORKOS_CLIENT_ID", value = "client_new" }, new { name = "WORKOS_API_KEY", value = "sk_test_new" } } },
            Http.Convex(adminKey));
        Assert.Equal(HttpStatusCode.OK, reply.Status);

        // The open subscription reruns after the write: same query set, newer timestamp, the new value.
        var pushed = await client.ExpectAsync("Transition");
        Assert.Equal(1, (int)pushed["endVersion"]!["querySet"]!);
        Assert.True(SyncClient.Ts(pushed["endVersion"]) > SyncClient.Ts(pushed["startVersion"]));
        var changed = Assert.Single(pushed["modifications"]!.AsArray())!;
        Assert.Equal("""{"name":"WORKOS_CLIENT_ID","value":"client_new"}""", changed["value"]!.ToJsonString());

        await client.AddGetAsync(1, 1, "WORKOS_API_KEY");
        var later = Assert.Single((await client.ExpectAsync("Transition"))["modifications"]!.AsArray())!;
        Assert.Equal(1, (int)later["queryId"]!);
        Assert.Equal("""{"name":"WORKOS_API_KEY","value":"sk_test_new"}""", later["value"]!.ToJsonString());
    }

    [Fact]
    public async Task Removing_a_query_answers_QueryRemoved_and_a_client_close_is_answered()
    {
        await using var emulator = await ConvexEmulator.StartAsync();
        await using var client = await SyncClient.ConnectAsync(emulator);
        await client.AuthenticateAsync(await emulator.AdminKey());
        await client.AddGetAsync(0, 0, "WORKOS_CLIENT_ID");
        await client.ExpectAsync("Transition");
        await client.ExpectAsync("Transition");

        await client.RemoveAsync(1, 0);

        var removed = await client.ExpectAsync("Transition");
        Assert.Equal(2, (int)removed["endVersion"]!["querySet"]!);
        Assert.Equal("""[{"type":"QueryRemoved","queryId":0}]""", removed["modifications"]!.ToJsonString());
    }

    [Fact]
    public async Task A_query_set_base_version_that_does_not_match_is_a_FatalError()
    {
        await using var emulator = await ConvexEmulator.StartAsync();
        await using var client = await SyncClient.ConnectAsync(emulator);
        await client.AuthenticateAsync(await emulator.AdminKey());
        await client.ExpectAsync("Transition");

        await client.AddGetAsync(5, 0, "WORKOS_CLIENT_ID");

        var error = await client.ExpectLastAsync("FatalError");
        Assert.Equal("Base version 5 passed up doesn't match the current version 0", (string?)error["error"]);
        AssertClosedWithoutACode(client);
    }

    [Fact]
    public async Task A_message_that_is_not_protocol_json_is_a_FatalError()
    {
        await using var emulator = await ConvexEmulator.StartAsync();
        await using var client = await SyncClient.ConnectAsync(emulator);

        await client.SendTextAsync("""{"type":"Subscribe"}""");

        var error = await client.ExpectLastAsync("FatalError");
        Assert.StartsWith("Received Invalid JSON on websocket: ", (string?)error["error"]);
    }

    [Fact]
    public async Task A_mutation_fails_as_a_missing_function_since_no_functions_are_pushed()
    {
        await using var emulator = await ConvexEmulator.StartAsync();
        await using var client = await SyncClient.ConnectAsync(emulator);

        await client.SendAsync(new JsonObject { ["type"] = "Mutation", ["requestId"] = 0, ["udfPath"] = "messages:send", ["args"] = new JsonArray(new JsonObject()) });

        var response = await client.ExpectAsync("MutationResponse");
        Assert.Equal(0, (int)response["requestId"]!);
        Assert.False((bool)response["success"]!);
        Assert.Equal("Could not find public function for 'messages:send'.", (string?)response["result"]);
        Assert.True(response.ContainsKey("ts") && response["ts"] is null);
    }

    [Fact]
    public async Task The_upgrade_is_one_logged_request_with_the_client_messages_and_no_admin_key()
    {
        await using var emulator = await ConvexEmulator.StartAsync();
        var adminKey = await emulator.AdminKey();
        emulator.ClearRequests();
        await using (var client = await SyncClient.ConnectAsync(emulator))
        {
            await client.AuthenticateAsync(adminKey);
            await client.AddGetAsync(0, 0, "WORKOS_CLIENT_ID");
            await client.ExpectAsync("Transition");
            await client.ExpectAsync("Transition");
        }

        var recorded = Assert.Single(emulator.Requests);
        Assert.Equal(("deployment:" + Calls.Dev, "GET", $"/api/{SyncClient.ClientVersion}/sync"), (recorded.Service, recorded.Method, recorded.Path));
        Assert.True(recorded.Arrived < recorded.Answered);
        var lines = recorded.Body.Split('\n');
        Assert.Equal(["Connect", "Authenticate", "ModifyQuerySet"], lines.Take(3).Select(l => (string)JsonNode.Parse(l)!["type"]!));
        Assert.DoesNotContain(adminKey, recorded.Body, StringComparison.Ordinal);
        Assert.Contains(Get, recorded.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plain_get_of_the_sync_path_is_refused_as_the_backend_refuses_it()
    {
        await using var emulator = await ConvexEmulator.StartAsync();

        var plain = await Http.Get(emulator.OnDeployment(Calls.Dev, $"/api/{SyncClient.ClientVersion}/sync"));
        var badVersion = await Http.Get(emulator.OnDeployment(Calls.Dev, "/api/not-a-version/sync"));

        Assert.Equal((HttpStatusCode.BadRequest, "InvalidConnectionHeader"), (plain.Status, plain.Code));
        Assert.Equal((HttpStatusCode.BadRequest, "InvalidClientVersion"), (badVersion.Status, badVersion.Code));
    }

    [Theory]
    [InlineData(0UL, "AAAAAAAAAAA=")]
    [InlineData(1UL, "AQAAAAAAAAA=")]
    [InlineData(1796470245515988400UL, "sA2KkStY7hg=")]
    public void Timestamps_travel_as_base64_of_eight_little_endian_bytes(ulong value, string encoded)
    {
        Assert.Equal(encoded, SyncSession.EncodeU64(value));
        Assert.Equal(value, SyncSession.DecodeU64(encoded));
    }

    [Theory]
    [InlineData("_system/cli/queryEnvironmentVariables", "_system/cli/queryEnvironmentVariables:default")]
    [InlineData("_system/cli/queryEnvironmentVariables.js:get", "_system/cli/queryEnvironmentVariables:get")]
    [InlineData("messages:list", "messages:list")]
    public void Function_paths_are_canonicalized_as_the_client_does(string path, string canonical) =>
        Assert.Equal(canonical, SyncSession.CanonicalUdfPath(path));

    // The server sends a close frame with an empty payload (browsers and Node's ws report 1005, "no status");
    // .NET's client reports an empty close payload as NormalClosure with no description, where a real 1000 frame
    // from this server would carry its reason.
    private static void AssertClosedWithoutACode(SyncClient client)
    {
        Assert.Contains(client.CloseStatus, new WebSocketCloseStatus?[] { WebSocketCloseStatus.Empty, WebSocketCloseStatus.NormalClosure });
        Assert.True(string.IsNullOrEmpty(client.CloseReason));
    }

    private static System.Text.Json.JsonValueKind JsonValueKind(JsonNode? node) =>
        node?.GetValueKind() ?? System.Text.Json.JsonValueKind.Null;
}
