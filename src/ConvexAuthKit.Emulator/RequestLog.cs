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
}

/// <summary>Requests in arrival order. An entry is reserved on arrival and gets its status when the response ends.</summary>
internal sealed class RequestLog
{
    private readonly object _sync = new();
    private readonly List<Entry> _entries = [];

    internal sealed class Entry(RecordedRequest request)
    {
        public RecordedRequest Request = request;
    }

    public Entry Begin(RecordedRequest request)
    {
        var entry = new Entry(request);
        lock (_sync) _entries.Add(entry);
        return entry;
    }

    public void Complete(Entry entry, int status, FaultKind? fault)
    {
        lock (_sync) entry.Request = entry.Request with { Status = status, Fault = fault };
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
