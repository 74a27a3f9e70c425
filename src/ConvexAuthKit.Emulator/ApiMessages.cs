using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ConvexAuthKit.Emulator;

/// <summary>What a service handler sees of a request: already read, so handlers stay synchronous.</summary>
internal sealed record ApiRequest(string Method, string Path, string? Authorization, string Body);

internal sealed record ApiResponse(int Status, JsonNode? Body, IReadOnlyDictionary<string, string>? Headers = null)
{
    public static ApiResponse Ok(JsonNode? body) => new(200, body);

    public static ApiResponse Created(JsonNode body) => new(201, body);

    /// <summary>The error shape Convex uses: <c>{"code","message"}</c>.</summary>
    public static ApiResponse Error(int status, string code, string message) =>
        new(status, new JsonObject { ["code"] = code, ["message"] = message });
}

/// <summary>One emulated service. Called with <see cref="EmulatorState.Sync"/> held.</summary>
internal interface IServiceEndpoints
{
    ApiResponse Handle(ApiRequest request);
}

internal static class Json
{
    public static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(JsonNode? node) => node?.ToJsonString(Relaxed) ?? "null";

    /// <summary>Parses a request body as a JSON object; an empty body counts as <c>{}</c>.</summary>
    public static JsonObject? TryParseObject(string body)
    {
        if (string.IsNullOrWhiteSpace(body)) return [];
        try
        {
            return JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The property's value when it is a JSON string, else null.</summary>
    public static string? String(JsonObject obj, string name) =>
        obj[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    public static long? Integer(JsonObject obj, string name) =>
        obj[name] is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out long n) ? n : null;

    public static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'");

    public static JsonArray Array(IEnumerable<string> items) => [.. items.Select(i => (JsonNode?)JsonValue.Create(i))];
}
