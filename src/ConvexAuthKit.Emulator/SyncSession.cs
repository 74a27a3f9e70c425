using System.Buffers.Binary;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ConvexAuthKit.Emulator;

/// <summary>How the server ends a sync socket after a protocol error: the last message, then the close frame.</summary>
/// <param name="FinalMessage">AuthError or FatalError sent before closing; null for none.</param>
/// <param name="Status">Close code; <see cref="WebSocketCloseStatus.Empty"/> for a close frame without a code.</param>
/// <param name="Reason">Close reason (the error's short code), or null.</param>
internal sealed record SyncClose(JsonObject? FinalMessage, WebSocketCloseStatus Status, string? Reason);

/// <summary>What the server answers one client message (or a change of the deployment's data) with.</summary>
internal sealed record SyncOutcome(IReadOnlyList<JsonObject> Messages, SyncClose? Close)
{
    public static readonly SyncOutcome Nothing = new([], null);

    /// <summary>Whether a Transition in <see cref="Messages"/> carries a query result (the answer to a read).</summary>
    public bool AnswersAQuery => Messages.Any(m => m["modifications"] is JsonArray mods
        && mods.Any(x => (string?)x?["type"] is "QueryUpdated" or "QueryFailed"));
}

/// <summary>
/// The server side of one Convex sync-protocol session (the <c>/api/&lt;client version&gt;/sync</c> WebSocket), as
/// the deployment's sync worker runs it: <c>Connect</c>, <c>Authenticate</c>, <c>ModifyQuerySet</c> (Add/Remove),
/// <c>Event</c>; a <c>Transition</c> from the current state version to the new one after each change of the query
/// set or identity, and after a write the queries read. Queries are the <see cref="SystemQueries"/> the CLI uses.
/// Not thread-safe: the socket loop calls it with <see cref="EmulatorState.Sync"/> held.
/// </summary>
internal sealed class SyncSession(EmulatorState state, string deploymentName)
{
    private const string BadAdminKeyMessage = "The provided admin key was invalid for this instance";

    private sealed class Query
    {
        public required string UdfPath { get; init; }
        public required JsonNode? Args { get; init; }
        public string? ComponentPath { get; init; }
        /// <summary>The result last sent (serialized), so an unchanged rerun sends nothing for this query.</summary>
        public string? LastResult { get; set; }
    }

    private enum Identity { None, Admin, User }

    // What the client has asked for so far (the sync worker's "received client version").
    private uint _receivedQuerySet;
    private uint _receivedIdentity;
    // What the last Transition told the client.
    private uint _querySet;
    private uint _identity;
    private ulong _ts;
    private Identity _identityKind = Identity.None;
    private readonly Dictionary<uint, Query> _queries = [];
    private readonly List<(bool Add, uint QueryId, Query? Query)> _pending = [];
    private bool _identityChanged;

    /// <summary>Client clock minus server clock in ms, from the <c>clientTs</c> of Connect (null until known).</summary>
    public long? ClientClockSkew { get; private set; }

    /// <summary>Handles one text message from the client.</summary>
    public SyncOutcome Receive(string text)
    {
        JsonObject message;
        string type;
        try
        {
            message = JsonNode.Parse(text) as JsonObject ?? throw new FormatException("expected a JSON object");
            type = RequiredString(message, "type");
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            return InvalidJson(e.Message);
        }

        try
        {
            return type switch
            {
                "Connect" => Connect(message),
                "ModifyQuerySet" => ModifyQuerySet(message),
                "Authenticate" => Authenticate(message),
                "Event" => EventMessage(message),
                "Mutation" or "Action" => Request(message, type),
                _ => InvalidJson($"unknown variant `{type}`, expected one of `Connect`, `ModifyQuerySet`, `Mutation`, `Action`, `Authenticate`, `Event`"),
            };
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            return InvalidJson(e.Message);
        }
    }

    /// <summary>The deployment's data changed: rerun the queries (a write invalidates every read of it).</summary>
    public SyncOutcome DataChanged()
    {
        if (_queries.Count == 0) return SyncOutcome.Nothing;
        return Update(rerunAll: true);
    }

    // ---- client messages -------------------------------------------------------------------

    private SyncOutcome Connect(JsonObject message)
    {
        var sessionId = RequiredString(message, "sessionId");
        if (!Guid.TryParse(sessionId, out _)) throw new FormatException($"invalid session id '{sessionId}'");
        _ = RequiredUInt(message, "connectionCount");
        if (message["clientTs"] is JsonValue clientTs && clientTs.TryGetValue(out long ms))
            ClientClockSkew = ms - DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        if (message["maxObservedTimestamp"] is JsonValue observed && observed.GetValueKind() == JsonValueKind.String)
        {
            var ts = DecodeU64(observed.GetValue<string>());
            // The client saw a timestamp this backend never reached: the real server refuses to serve it (not as a
            // client error, so the socket ends as an internal error).
            if (ts > SyncClock.Latest()) return InternalError();
        }
        return SyncOutcome.Nothing;
    }

    private SyncOutcome ModifyQuerySet(JsonObject message)
    {
        var baseVersion = RequiredUInt(message, "baseVersion");
        var newVersion = RequiredUInt(message, "newVersion");
        if (message["modifications"] is not JsonArray modifications) throw new FormatException("ModifyQuerySet lacks modifications");
        var parsed = new List<(bool, uint, Query?)>();
        foreach (var item in modifications)
        {
            if (item is not JsonObject modification) throw new FormatException("invalid type: expected a query set modification");
            var kind = RequiredString(modification, "type");
            var queryId = RequiredUInt(modification, "queryId");
            if (kind == "Add")
            {
                var udfPath = RequiredString(modification, "udfPath");
                parsed.Add((true, queryId, new Query
                {
                    UdfPath = CanonicalUdfPath(udfPath),
                    Args = modification["args"]?.DeepClone(),
                    ComponentPath = modification["componentPath"] is JsonValue cp && cp.GetValueKind() == JsonValueKind.String ? cp.GetValue<string>() : null,
                }));
            }
            else if (kind == "Remove") parsed.Add((false, queryId, null));
            else throw new FormatException($"unknown variant `{kind}`, expected `Add` or `Remove`");
        }

        if (baseVersion != _receivedQuerySet)
            return Fatal($"Base version {baseVersion} passed up doesn't match the current version {_receivedQuerySet}", WebSocketCloseStatus.Empty, null);
        if (baseVersion >= newVersion) return InternalError();
        _pending.AddRange(parsed);
        _receivedQuerySet = newVersion;
        return Update(rerunAll: false);
    }

    private SyncOutcome Authenticate(JsonObject message)
    {
        var baseVersion = RequiredUInt(message, "baseVersion");
        var tokenType = RequiredString(message, "tokenType");
        Identity identity;
        switch (tokenType)
        {
            case "Admin":
                var key = RequiredString(message, "value");
                var deployment = state.FindDeployment(deploymentName);
                if (deployment is null || !deployment.AcceptsAdminKey(key)) return AuthUpdateFailed(BadAdminKeyMessage);
                // Acting as a user ("impersonating") still runs with the admin's rights over system functions here.
                identity = Identity.Admin;
                break;
            case "User":
                _ = RequiredString(message, "value");
                // The emulated deployments have no auth.config.ts pushed, so no token can match a provider.
                return AuthUpdateFailed("No auth provider found matching the given token (no providers configured). Check convex/auth.config.ts.");
            case "None":
                identity = Identity.None;
                break;
            default:
                throw new FormatException($"unknown variant `{tokenType}`, expected one of `Admin`, `User`, `None`");
        }
        if (baseVersion != _receivedIdentity) return InternalError();
        _identityKind = identity;
        _receivedIdentity++;
        _identityChanged = true;
        return Update(rerunAll: false);
    }

    // Client events (connection timings, reconnect notes) are only logged by the real server.
    private static SyncOutcome EventMessage(JsonObject message)
    {
        _ = RequiredString(message, "eventType");
        return SyncOutcome.Nothing;
    }

    // The emulated deployments have no functions pushed: a mutation or action fails as one on a missing path would.
    private SyncOutcome Request(JsonObject message, string type)
    {
        var requestId = RequiredUInt(message, "requestId");
        var udfPath = CanonicalUdfPath(RequiredString(message, "udfPath"));
        if (udfPath.StartsWith("_system/", StringComparison.Ordinal) && _identityKind != Identity.Admin)
            return Fatal($"Operation {(type == "Mutation" ? "mutation" : "action")} not permitted", WebSocketCloseStatus.NormalClosure, "SystemIdentityRequired");
        var response = new JsonObject
        {
            ["type"] = type + "Response",
            ["requestId"] = requestId,
            ["success"] = false,
            ["result"] = $"Could not find public function for '{udfPath}'.",
        };
        if (type == "Mutation") response["ts"] = null;
        response["logLines"] = new JsonArray();
        return new SyncOutcome([response], null);
    }

    // ---- transitions -----------------------------------------------------------------------

    private SyncOutcome Update(bool rerunAll)
    {
        var modifications = new SortedDictionary<uint, JsonObject>();
        var toRun = new List<uint>();
        var identityChanged = _identityChanged;
        _identityChanged = false;
        foreach (var (add, queryId, query) in _pending)
        {
            if (add)
            {
                if (!_queries.TryAdd(queryId, query!)) { _pending.Clear(); return InternalError(); }
                toRun.Add(queryId);
            }
            else
            {
                if (!_queries.Remove(queryId)) { _pending.Clear(); return InternalError(); }
                toRun.Remove(queryId);
                modifications[queryId] = new JsonObject { ["type"] = "QueryRemoved", ["queryId"] = queryId };
            }
        }
        _pending.Clear();
        // A new identity reruns every query; so does a write the queries read.
        if (identityChanged || rerunAll) toRun = [.. _queries.Keys];

        foreach (var queryId in toRun.Distinct())
        {
            var query = _queries[queryId];
            if (query.UdfPath.StartsWith("_system/", StringComparison.Ordinal) && _identityKind != Identity.Admin)
                return Fatal("Operation query not permitted", WebSocketCloseStatus.NormalClosure, "SystemIdentityRequired");
            var result = SystemQueries.Run(state, deploymentName, query.UdfPath, query.ComponentPath, query.Args);
            var serialized = Json.Write(result.Value) + "|" + result.Error;
            if (serialized == query.LastResult) continue;
            query.LastResult = serialized;
            modifications[queryId] = result.Error is null
                ? new JsonObject { ["type"] = "QueryUpdated", ["queryId"] = queryId, ["value"] = result.Value?.DeepClone(), ["logLines"] = new JsonArray(), ["journal"] = null }
                : new JsonObject { ["type"] = "QueryFailed", ["queryId"] = queryId, ["errorMessage"] = result.Error, ["logLines"] = new JsonArray(), ["journal"] = null };
        }

        var start = Version(_querySet, _identity, _ts);
        _querySet = _receivedQuerySet;
        _identity = _receivedIdentity;
        _ts = Math.Max(_ts, SyncClock.Latest());
        var transition = new JsonObject
        {
            ["type"] = "Transition",
            ["startVersion"] = start,
            ["endVersion"] = Version(_querySet, _identity, _ts),
            ["modifications"] = new JsonArray([.. modifications.Values]),
            ["clientClockSkew"] = ClientClockSkew,
            // Filled in just before sending, as the real server stamps it.
            ["serverTs"] = null,
        };
        return new SyncOutcome([transition], null);
    }

    private static JsonObject Version(uint querySet, uint identity, ulong ts) => new()
    {
        ["querySet"] = querySet,
        ["identity"] = identity,
        ["ts"] = EncodeU64(ts),
    };

    // ---- errors ----------------------------------------------------------------------------

    // A message that does not parse is a client error: FatalError, then a close frame without a code.
    private static SyncOutcome InvalidJson(string detail) =>
        Fatal($"Received Invalid JSON on websocket: {detail}", WebSocketCloseStatus.Empty, null);

    private static SyncOutcome Fatal(string error, WebSocketCloseStatus status, string? reason) =>
        new([], new SyncClose(new JsonObject { ["type"] = "FatalError", ["error"] = error }, status, reason));

    // A rejected Authenticate: AuthError at the identity version the server is still at, then a close without a code.
    private SyncOutcome AuthUpdateFailed(string error) =>
        new([], new SyncClose(new JsonObject
        {
            ["type"] = "AuthError",
            ["error"] = error,
            ["baseVersion"] = _identity,
            ["authUpdateAttempted"] = true,
        }, WebSocketCloseStatus.Empty, null));

    // A broken protocol invariant: no message, close 1011 "InternalServerError" (the client retries).
    private static SyncOutcome InternalError() =>
        new([], new SyncClose(null, WebSocketCloseStatus.InternalServerError, "InternalServerError"));

    // ---- encoding --------------------------------------------------------------------------

    /// <summary>A u64 as the protocol carries it: base64 of its 8 little-endian bytes.</summary>
    public static string EncodeU64(ulong value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        return Convert.ToBase64String(bytes);
    }

    public static ulong DecodeU64(string encoded)
    {
        var bytes = Convert.FromBase64String(encoded);
        if (bytes.Length != 8) throw new FormatException("u64 must be 8 bytes");
        return BinaryPrimitives.ReadUInt64LittleEndian(bytes);
    }

    /// <summary><c>module:function</c> with the default export named and any <c>.js</c> dropped, as clients canonicalize.</summary>
    public static string CanonicalUdfPath(string udfPath)
    {
        var colon = udfPath.LastIndexOf(':');
        var module = colon < 0 ? udfPath : udfPath[..colon];
        var function = colon < 0 ? "default" : udfPath[(colon + 1)..];
        if (module.EndsWith(".js", StringComparison.Ordinal)) module = module[..^3];
        return module + ":" + function;
    }

    private static string RequiredString(JsonObject obj, string name) =>
        obj[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : throw new FormatException($"missing field `{name}`");

    private static uint RequiredUInt(JsonObject obj, string name) =>
        obj[name] is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out uint n) ? n : throw new FormatException($"missing field `{name}`");
}

/// <summary>
/// The deployment's timestamps (nanoseconds since the Unix epoch, as Convex's are): never going backwards and
/// advancing with the wall clock, as a live deployment's latest timestamp does.
/// </summary>
internal static class SyncClock
{
    private static long _last;

    public static ulong Latest()
    {
        var now = (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks * 100;
        while (true)
        {
            var last = Interlocked.Read(ref _last);
            var next = Math.Max(now, last + 1);
            if (Interlocked.CompareExchange(ref _last, next, last) == last) return (ulong)next;
        }
    }
}
