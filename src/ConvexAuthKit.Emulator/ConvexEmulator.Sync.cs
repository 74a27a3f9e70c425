using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.Features;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading.Channels;

namespace ConvexAuthKit.Emulator;

// The deployment's sync protocol endpoint: GET /api/<client version>/sync, upgraded to a WebSocket, as the real
// backend routes it ("/api/{client_version}/sync"; the version is in the path because a browser WebSocket cannot
// set headers). The session logic is SyncSession; this is the socket around it.
public sealed partial class ConvexEmulator
{
    /// <summary>The real server's sync heartbeat: a <c>Ping</c> message (and a WebSocket ping) after 5 s without traffic.</summary>
    private static readonly TimeSpan SyncHeartbeat = TimeSpan.FromSeconds(5);
    private const int MaxClientMessageBytes = 16 * 1024 * 1024;

    [GeneratedRegex(@"^/api/([^/]+)/sync$")]
    private static partial Regex SyncPath();

    // A client version as the path carries it: a semantic version (npm clients send their package version).
    [GeneratedRegex(@"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$")]
    private static partial Regex SemVer();

    internal static bool IsSyncPath(string path) => SyncPath().IsMatch(path);

    /// <summary>Serves one sync request; returns the status recorded for it (101 once upgraded).</summary>
    private async Task<int> ServeSyncAsync(HttpContext context, RequestLog.Entry entry, string deploymentName, CancellationToken token)
    {
        var request = context.Request;
        bool exists;
        lock (State.Sync) exists = State.FindDeployment(deploymentName) is not null;
        if (!exists)
            return await RefuseAsync(context, entry, 404, "DeploymentNotFound", $"No deployment '{deploymentName}' here.").ConfigureAwait(false);
        // Only GET is routed; another method gets axum's bare 405.
        if (request.Method != "GET")
        {
            _log.Answering(entry);
            context.Response.StatusCode = 405;
            context.Response.Headers.Allow = "GET,HEAD";
            return 405;
        }
        var version = SyncPath().Match(request.Path.Value ?? "").Groups[1].Value;
        if (!SemVer().IsMatch(version))
            return await RefuseAsync(context, entry, 400, "InvalidClientVersion", $"Failed to parse client version: unexpected version '{version}'").ConfigureAwait(false);
        // The backend's upgrade extractor checks these in this order, each a 400 with its own code.
        if (!HeaderHasToken(request.Headers.Connection, "upgrade"))
            return await RefuseAsync(context, entry, 400, "InvalidConnectionHeader", "Connection header did not include upgrade").ConfigureAwait(false);
        if (!string.Equals(request.Headers.Upgrade.ToString(), "websocket", StringComparison.OrdinalIgnoreCase))
            return await RefuseAsync(context, entry, 400, "InvalidUpgradeHeader", "Upgrade header did not include websocket").ConfigureAwait(false);
        if (string.IsNullOrEmpty(request.Headers.SecWebSocketKey))
            return await RefuseAsync(context, entry, 400, "WebSocketKeyHeaderMissing", "Sec-WebSocket-Key header missing").ConfigureAwait(false);
        if (request.Headers.SecWebSocketVersion.ToString() != "13")
            return await RefuseAsync(context, entry, 400, "InvalidWebSocketVersionHeader", "Sec-WebSocket-Version header did not include 13").ConfigureAwait(false);
        if (context.Features.Get<IHttpUpgradeFeature>() is not { IsUpgradableRequest: true } upgrade)
            return await RefuseAsync(context, entry, 400, "ConnectionNotUpgradable", "WebSocket request could not be upgraded").ConfigureAwait(false);

        // The handshake by hand (not the WebSockets middleware), so the session keeps the raw stream: the real server
        // ends some sessions with a close frame that carries no code, which WebSocket.CloseOutputAsync cannot send.
        var accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(request.Headers.SecWebSocketKey.ToString().Trim() + WebSocketGuid)));
        context.Response.Headers.Connection = "upgrade";
        context.Response.Headers.Upgrade = "websocket";
        context.Response.Headers.SecWebSocketAccept = accept;
        var stream = await upgrade.UpgradeAsync().ConfigureAwait(false);
        using var socket = WebSocket.CreateFromStream(stream, new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = SyncHeartbeat });
        await RunSyncSessionAsync(socket, stream, entry, deploymentName, token).ConfigureAwait(false);
        return 101;
    }

    private const string WebSocketGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    // FIN + opcode 8 (close), unmasked, empty payload: what the client reads as "closed with no status" (1005).
    private static readonly byte[] EmptyCloseFrame = [0x88, 0x00];

    private async Task<int> RefuseAsync(HttpContext context, RequestLog.Entry entry, int status, string code, string message)
    {
        _log.Answering(entry);
        await WriteAsync(context, status, Json.Write(new JsonObject { ["code"] = code, ["message"] = message })).ConfigureAwait(false);
        return status;
    }

    private static bool HeaderHasToken(Microsoft.Extensions.Primitives.StringValues values, string token) =>
        values.Any(v => v is not null && v.Split(',').Any(t => t.Trim().Equals(token, StringComparison.OrdinalIgnoreCase)));

    private async Task RunSyncSessionAsync(WebSocket socket, Stream stream, RequestLog.Entry entry, string deploymentName, CancellationToken token)
    {
        var session = new SyncSession(State, deploymentName);
        // Client messages in arrival order, with the time each arrived; a null text means "the data changed".
        var inputs = Channel.CreateUnbounded<(string? Text, long Arrived)>(new UnboundedChannelOptions { SingleReader = true });
        void OnVariablesChanged(string name)
        {
            if (name == deploymentName) inputs.Writer.TryWrite((null, Stopwatch.GetTimestamp()));
        }
        lock (State.Sync) State.VariablesChanged += OnVariablesChanged;
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(token);
        var receiving = ReceiveSyncMessagesAsync(socket, inputs.Writer, ending.Token);
        var answered = false;
        try
        {
            var lastSent = Stopwatch.GetTimestamp();
            while (true)
            {
                var quiet = SyncHeartbeat - Stopwatch.GetElapsedTime(lastSent);
                bool more;
                using (var beat = CancellationTokenSource.CreateLinkedTokenSource(token))
                {
                    beat.CancelAfter(quiet > TimeSpan.Zero ? quiet : TimeSpan.Zero);
                    try
                    {
                        more = await inputs.Reader.WaitToReadAsync(beat.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!token.IsCancellationRequested)
                    {
                        await SendSyncAsync(socket, new JsonObject { ["type"] = "Ping" }, token).ConfigureAwait(false);
                        lastSent = Stopwatch.GetTimestamp();
                        continue;
                    }
                }
                if (!more) break; // the client closed (or the socket broke)

                while (inputs.Reader.TryRead(out var input))
                {
                    SyncOutcome outcome;
                    if (input.Text is null)
                    {
                        lock (State.Sync) outcome = session.DataChanged();
                    }
                    else
                    {
                        _log.AppendBody(entry, MaskSyncMessage(input.Text));
                        lock (State.Sync) outcome = input.Text == BinaryFrame ? BinaryRefused : session.Receive(input.Text);
                        // A reply leaves one emulated round trip after its request arrived (pipelined messages share it).
                        if ((outcome.Messages.Count > 0 || outcome.Close is not null) && Latency > TimeSpan.Zero)
                        {
                            var wait = Latency - Stopwatch.GetElapsedTime(input.Arrived);
                            if (wait > TimeSpan.Zero) await Task.Delay(wait, token).ConfigureAwait(false);
                        }
                    }
                    foreach (var message in outcome.Messages)
                    {
                        if ((string?)message["type"] == "Transition") message["serverTs"] = (long)SyncClock.Latest();
                        await SendSyncAsync(socket, message, token).ConfigureAwait(false);
                        lastSent = Stopwatch.GetTimestamp();
                    }
                    if (!answered && outcome.AnswersAQuery)
                    {
                        answered = true;
                        _log.Answering(entry);
                    }
                    if (outcome.Close is { } close)
                    {
                        if (close.FinalMessage is { } final) await SendSyncAsync(socket, final, token).ConfigureAwait(false);
                        if (close.Status == WebSocketCloseStatus.Empty)
                        {
                            // Nothing else is being sent now, so the frame goes out whole after the final message.
                            await stream.WriteAsync(EmptyCloseFrame, token).ConfigureAwait(false);
                            await stream.FlushAsync(token).ConfigureAwait(false);
                        }
                        else await socket.CloseOutputAsync(close.Status, close.Reason, token).ConfigureAwait(false);
                        return;
                    }
                }
            }
            if (socket.State == WebSocketState.CloseReceived)
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or IOException)
        {
            // The client went away, or the emulator is stopping.
        }
        finally
        {
            lock (State.Sync) State.VariablesChanged -= OnVariablesChanged;
            if (!answered) _log.Answering(entry);
            // Give the client's closing handshake a moment, then let go of the connection.
            ending.CancelAfter(TimeSpan.FromSeconds(2));
            try
            {
                await receiving.ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or WebSocketException or IOException)
            {
            }
            if (socket.State != WebSocketState.Closed) socket.Abort();
        }
    }

    // A binary frame is not part of the protocol: the real server ends the session as an internal error.
    private const string BinaryFrame = "\0binary";
    private static readonly SyncOutcome BinaryRefused =
        new([], new SyncClose(null, WebSocketCloseStatus.InternalServerError, "InternalServerError"));

    private static async Task ReceiveSyncMessagesAsync(WebSocket socket, ChannelWriter<(string?, long)> inputs, CancellationToken token)
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, token).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close) break;
                message.Write(buffer, 0, result.Count);
                if (message.Length > MaxClientMessageBytes)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.MessageTooBig, "MessageTooBig", token).ConfigureAwait(false);
                    break;
                }
                if (!result.EndOfMessage) continue;
                var text = result.MessageType == WebSocketMessageType.Text
                    ? Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length)
                    : BinaryFrame;
                message.SetLength(0);
                inputs.TryWrite((text, Stopwatch.GetTimestamp()));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or IOException)
        {
            // Connection gone: the session ends as on a close.
        }
        finally
        {
            inputs.TryComplete();
        }
    }

    private static Task SendSyncAsync(WebSocket socket, JsonObject message, CancellationToken token) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString(Json.Relaxed)), WebSocketMessageType.Text, endOfMessage: true, token);

    /// <summary>A client message for the request log: the admin key or token of an Authenticate masked.</summary>
    private string MaskSyncMessage(string text)
    {
        try
        {
            if (JsonNode.Parse(text) is JsonObject obj && (string?)obj["type"] == "Authenticate" && obj["value"] is not null)
            {
                obj["value"] = SecretMasker.Mask;
                text = Json.Write(obj);
            }
        }
        catch (JsonException)
        {
        }
        return SecretMasker.MaskText(text, State.IssuedSecrets());
    }
}
