using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using ConvexAuthKit.Emulator;

namespace ConvexAuthKit.Tests.Emulator;

/// <summary>
/// A bare sync-protocol client over <see cref="ClientWebSocket"/>: the messages the Convex JS client sends, written
/// out by hand, so the tests read as the protocol. Every wait is bounded so a broken server fails the test instead of
/// hanging it.
/// </summary>
internal sealed class SyncClient : IAsyncDisposable
{
    public const string ClientVersion = "1.48.0";
    public const string InitialTs = "AAAAAAAAAAA="; // 0 as base64 of 8 little-endian bytes
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
    private readonly ClientWebSocket _socket = new();

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;
    public string? CloseReason => _socket.CloseStatusDescription;

    public static string SyncUrl(ConvexEmulator emulator, string deployment = Calls.Dev, string version = ClientVersion) =>
        "ws" + emulator.DeploymentUrl(deployment)["http".Length..] + $"/api/{version}/sync";

    public static async Task<SyncClient> ConnectAsync(ConvexEmulator emulator, string deployment = Calls.Dev)
    {
        var client = new SyncClient();
        using var bound = new CancellationTokenSource(Bound);
        await client._socket.ConnectAsync(new Uri(SyncUrl(emulator, deployment)), bound.Token);
        await client.SendAsync(new JsonObject
        {
            ["type"] = "Connect",
            ["sessionId"] = Guid.NewGuid().ToString(),
            ["connectionCount"] = 0,
            ["lastCloseReason"] = "InitialConnect",
            ["clientTs"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
        });
        return client;
    }

    public Task AuthenticateAsync(string adminKey, int baseVersion = 0) => SendAsync(new JsonObject
    {
        ["type"] = "Authenticate",
        ["baseVersion"] = baseVersion,
        ["tokenType"] = "Admin",
        ["value"] = adminKey,
    });

    public Task AddAsync(int baseVersion, int queryId, string udfPath, JsonObject args) => SendAsync(new JsonObject
    {
        ["type"] = "ModifyQuerySet",
        ["baseVersion"] = baseVersion,
        ["newVersion"] = baseVersion + 1,
        ["modifications"] = new JsonArray(new JsonObject { ["type"] = "Add", ["queryId"] = queryId, ["udfPath"] = udfPath, ["args"] = new JsonArray(args) }),
    });

    public Task RemoveAsync(int baseVersion, int queryId) => SendAsync(new JsonObject
    {
        ["type"] = "ModifyQuerySet",
        ["baseVersion"] = baseVersion,
        ["newVersion"] = baseVersion + 1,
        ["modifications"] = new JsonArray(new JsonObject { ["type"] = "Remove", ["queryId"] = queryId }),
    });

    public Task AddGetAsync(int baseVersion, int queryId, string name) =>
        AddAsync(baseVersion, queryId, "_system/cli/queryEnvironmentVariables:get", new JsonObject { ["name"] = name });

    public async Task SendAsync(JsonObject message)
    {
        using var bound = new CancellationTokenSource(Bound);
        await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, bound.Token);
    }

    public Task SendTextAsync(string text)
    {
        using var bound = new CancellationTokenSource(Bound);
        return _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, bound.Token);
    }

    /// <summary>The next server message other than Ping; null once the server has closed.</summary>
    public async Task<JsonObject?> ReceiveAsync()
    {
        while (true)
        {
            var message = await ReceiveAnyAsync();
            if (message is null || (string?)message["type"] != "Ping") return message;
        }
    }

    /// <summary>The next server message of this type (earlier ones of other types are failures).</summary>
    public async Task<JsonObject> ExpectAsync(string type)
    {
        var message = await ReceiveAsync();
        Assert.NotNull(message);
        Assert.Equal(type, (string?)message["type"]);
        return message;
    }

    private async Task<JsonObject?> ReceiveAnyAsync()
    {
        using var bound = new CancellationTokenSource(Bound);
        var buffer = new byte[64 * 1024];
        using var text = new MemoryStream();
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer, bound.Token);
            if (result.MessageType == WebSocketMessageType.Close) return null;
            text.Write(buffer, 0, result.Count);
            if (result.EndOfMessage) return (JsonObject)JsonNode.Parse(text.ToArray())!;
        }
    }

    /// <summary>The server's last message before it closes: this type, then the close frame.</summary>
    public async Task<JsonObject> ExpectLastAsync(string type)
    {
        var message = await ExpectAsync(type);
        await ExpectCloseAsync();
        return message;
    }

    /// <summary>Reads until the server's close frame arrives; fails on any message but Ping.</summary>
    public async Task ExpectCloseAsync()
    {
        var message = await ReceiveAsync();
        Assert.Null(message);
    }

    public static ulong Ts(JsonNode? version) => SyncSession.DecodeU64((string)version!["ts"]!);

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, bound.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
            }
        }
        _socket.Dispose();
    }
}
