using System.Text.Json;
using System.Text.Json.Nodes;

namespace ConvexAuthKit.Emulator;

/// <summary>One request as the emulator saw it. Secrets are masked; the Authorization header is never kept.</summary>
public sealed record RecordedRequest
{
    /// <summary>"bigbrain", "workos" or "deployment:&lt;name&gt;".</summary>
    public required string Service { get; init; }
    public required string Method { get; init; }
    /// <summary>Path and query string.</summary>
    public required string Path { get; init; }
    /// <summary>Response status; 0 when no complete response was sent (hang, drop, still in flight).</summary>
    public int Status { get; init; }
    /// <summary>Request body with secret values replaced by <see cref="SecretMasker.MaskText"/>.</summary>
    public string Body { get; init; } = "";
    /// <summary>Request headers except Authorization, Cookie and Proxy-Authorization (names lower-cased).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
    /// <summary>The injected fault kind, if one applied.</summary>
    public FaultKind? Fault { get; init; }
    public DateTimeOffset Timestamp { get; init; }
    /// <summary>
    /// Position of the request's arrival on one counter shared by arrivals and answers (1, 2, …). Two requests were
    /// in flight together when each arrived before the other was answered: see <see cref="OverlapsWith"/>.
    /// </summary>
    public long Arrived { get; init; }
    /// <summary>Position of the end of its answer on the same counter; 0 while it is still in flight.</summary>
    public long Answered { get; init; }

    /// <summary>Whether this request and <paramref name="other"/> were both in flight at one moment (by order, not time).</summary>
    public bool OverlapsWith(RecordedRequest other) =>
        Answered != 0 && other.Answered != 0 && Arrived < other.Answered && other.Arrived < Answered;
}

/// <summary>Requests in arrival order. An entry is reserved on arrival and gets its status when the response ends.</summary>
internal sealed class RequestLog
{
    private readonly object _sync = new();
    private readonly List<Entry> _entries = [];
    private long _order;

    internal sealed class Entry(RecordedRequest request)
    {
        public RecordedRequest Request = request;
    }

    public Entry Begin(RecordedRequest request)
    {
        lock (_sync)
        {
            var entry = new Entry(request with { Arrived = ++_order });
            _entries.Add(entry);
            return entry;
        }
    }

    /// <summary>
    /// Called before the answer is written: a client that waits for it can only send its next request after this,
    /// so requests sent one after another never look as if they overlapped.
    /// </summary>
    public void Answering(Entry entry)
    {
        lock (_sync)
        {
            if (entry.Request.Answered == 0)
                entry.Request = entry.Request with { Answered = ++_order };
        }
    }

    /// <summary>Adds a line to the recorded body (a WebSocket's client messages, one a line).</summary>
    public void AppendBody(Entry entry, string line)
    {
        lock (_sync)
            entry.Request = entry.Request with { Body = entry.Request.Body.Length == 0 ? line : entry.Request.Body + "\n" + line };
    }

    public void Complete(Entry entry, int status, FaultKind? fault)
    {
        lock (_sync)
            entry.Request = entry.Request with { Status = status, Fault = fault, Answered = entry.Request.Answered == 0 ? ++_order : entry.Request.Answered };
    }

    public IReadOnlyList<RecordedRequest> Snapshot()
    {
        lock (_sync) return [.. _entries.Select(e => e.Request)];
    }

    public void Clear()
    {
        lock (_sync) _entries.Clear();
    }
}

/// <summary>Keeps secrets out of the request log.</summary>
internal static class SecretMasker
{
    public const string Mask = "***";

    private static readonly HashSet<string> SecretProperties = new(StringComparer.OrdinalIgnoreCase)
    {
        "adminKey", "apiKey", "deployKey", "accessToken", "api_key", "admin_key", "deploy_key", "access_token", "password", "secret", "token",
    };

    private static readonly string[] SecretNameParts = ["KEY", "SECRET", "PASSWORD", "TOKEN"];

    /// <summary>
    /// Masks JSON properties named like secrets, the values of <c>{"name":"…_KEY","value":…}</c> pairs (environment
    /// variable changes), and every occurrence of a known secret anywhere in the text.
    /// </summary>
    public static string MaskText(string text, IEnumerable<string> knownSecrets)
    {
        if (text.Length == 0) return text;
        try
        {
            if (JsonNode.Parse(text) is { } node)
            {
                MaskNode(node);
                text = Json.Write(node);
            }
        }
        catch (JsonException)
        {
            // Not JSON: only the known-secret pass applies.
        }
        // Longest first, so a secret containing another is masked whole.
        foreach (var secret in knownSecrets.Where(s => s.Length >= 8).OrderByDescending(s => s.Length))
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        return text;
    }

    private static void MaskNode(JsonNode node)
    {
        switch (node)
        {
            case JsonArray array:
                foreach (var item in array) if (item is not null) MaskNode(item);
                break;
            case JsonObject obj:
                var variableName = obj["name"] is JsonValue n && n.GetValueKind() == JsonValueKind.String ? n.GetValue<string>() : null;
                var secretVariable = variableName is not null
                    && SecretNameParts.Any(p => variableName.Contains(p, StringComparison.OrdinalIgnoreCase));
                foreach (var (key, value) in obj.ToList())
                {
                    if (value is JsonValue v && v.GetValueKind() == JsonValueKind.String
                        && (SecretProperties.Contains(key) || (secretVariable && key == "value")))
                        obj[key] = Mask;
                    else if (value is not null)
                        MaskNode(value);
                }
                break;
        }
    }
}
