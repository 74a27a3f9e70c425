using System.Text.Json.Nodes;

namespace ConvexAuthKit.Emulator;

/// <summary>
/// Client commands for samples/demo.sh, so the demo needs nothing but the .NET SDK: read a running emulator's
/// state or request log through its /_emulator endpoints and print them for a person. Secrets are shortened.
/// </summary>
internal static class DemoClient
{
    public static async Task<int> ShowStateAsync(string provisionHost)
    {
        using var http = new HttpClient();
        var state = JsonNode.Parse(await http.GetStringAsync(provisionHost.TrimEnd('/') + "/_emulator/state"))!;
        foreach (var (name, deployment) in state["deployments"]!.AsObject())
        {
            var variables = deployment!["environmentVariables"]!.AsObject();
            var workos = deployment["workos"];
            if (variables.Count == 0 && workos is null)
                continue;
            Console.WriteLine($"   deployment {name} ({deployment["deploymentType"]}):");
            foreach (var (variable, value) in variables)
                Console.WriteLine($"     {variable}={Shorten(variable, value!.GetValue<string>())}");
            if (workos is not null)
            {
                Console.WriteLine($"     WorkOS redirect URIs: {string.Join(", ", workos["redirectUris"]!.AsArray().Select(u => u!.GetValue<string>()))}");
                Console.WriteLine($"     WorkOS CORS origins:  {string.Join(", ", workos["corsOrigins"]!.AsArray().Select(u => u!.GetValue<string>()))}");
            }
        }
        return 0;
    }

    public static async Task<int> CountRequestsAsync(string provisionHost, bool reset)
    {
        using var http = new HttpClient();
        var root = provisionHost.TrimEnd('/');
        var requests = JsonNode.Parse(await http.GetStringAsync(root + "/_emulator/requests"))!;
        var count = requests is JsonArray array ? array.Count : requests["requests"]?.AsArray().Count ?? 0;
        Console.WriteLine($"   requests received by the emulator: {count}");
        if (reset)
            (await http.PostAsync(root + "/_emulator/reset-requests", null)).EnsureSuccessStatusCode();
        return 0;
    }

    private static string Shorten(string name, string value) =>
        name.Contains("KEY", StringComparison.Ordinal) && value.Length > 12 ? value[..12] + "… (secret, shortened)" : value;
}
