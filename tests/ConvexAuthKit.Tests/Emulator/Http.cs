using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace ConvexAuthKit.Tests.Emulator;

/// <summary>A response with its body parsed as JSON (null when empty or not JSON).</summary>
internal sealed record Reply(HttpStatusCode Status, JsonNode? Json, string Text, HttpResponseHeaders Headers)
{
    public string? Code => Json is JsonObject o ? (string?)o["code"] : null;
    public string? Message => Json is JsonObject o ? (string?)o["message"] : null;
}

/// <summary>Small HTTP helper over a real HttpClient, so the tests read like the calls a client makes.</summary>
internal static class Http
{
    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromSeconds(10) };

    public static string Bearer(string token) => "Bearer " + token;

    public static string Convex(string adminKey) => "Convex " + adminKey;

    public static Task<Reply> Get(string url, string? authorization = null) => Send(HttpMethod.Get, url, null, authorization);

    public static Task<Reply> Post(string url, object? body, string? authorization = null) => Send(HttpMethod.Post, url, body, authorization);

    public static Task<Reply> Put(string url, object? body, string? authorization = null) => Send(HttpMethod.Put, url, body, authorization);

    public static async Task<Reply> Send(HttpMethod method, string url, object? body, string? authorization, HttpClient? client = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (authorization is not null) request.Headers.TryAddWithoutValidation("Authorization", authorization);
        if (body is not null)
        {
            var json = body as string ?? System.Text.Json.JsonSerializer.Serialize(body);
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        using var response = await (client ?? Client).SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? node = null;
        try
        {
            if (text.Length > 0) node = JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
        }
        return new Reply(response.StatusCode, node, text, response.Headers);
    }
}
