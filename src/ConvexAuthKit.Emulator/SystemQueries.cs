using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ConvexAuthKit.Emulator;

/// <summary>
/// The deployment's system queries the Convex CLI reads over the sync protocol, answered from the emulator's state
/// in Convex's JSON value encoding. The real ones live in the backend's system UDFs
/// (<c>_system/cli/queryEnvironmentVariables.ts</c>): <c>get</c> reads one variable as the function's environment
/// sees it, the default export lists the <c>_environment_variables</c> documents by name. Called with
/// <see cref="EmulatorState.Sync"/> held.
/// </summary>
internal static class SystemQueries
{
    public const string GetVariable = "_system/cli/queryEnvironmentVariables:get";
    public const string ListVariables = "_system/cli/queryEnvironmentVariables:default";

    /// <summary>A query's value, or its error message (a QueryFailed).</summary>
    public readonly record struct Result(JsonNode? Value, string? Error);

    /// <summary>Runs <paramref name="udfPath"/> (canonical) with the protocol's args array (one object).</summary>
    public static Result Run(EmulatorState state, string deploymentName, string udfPath, string? componentPath, JsonNode? args)
    {
        var deployment = state.FindDeployment(deploymentName);
        if (deployment is null || (componentPath is { Length: > 0 } && componentPath != "/"))
            return NotFound(udfPath, componentPath);
        var argsObject = args is JsonArray { Count: 1 } array ? array[0] as JsonObject : null;
        if (argsObject is null)
            return new Result(null, "Uncaught Error: ArgumentValidationError: Expected the arguments to be a single object.");
        return udfPath switch
        {
            GetVariable => Get(deployment, argsObject),
            ListVariables => List(deployment, argsObject),
            _ => NotFound(udfPath, componentPath),
        };
    }

    private static Result NotFound(string udfPath, string? componentPath) =>
        new(null, $"Could not find public function for '{udfPath}'{(componentPath is { Length: > 0 } ? $" in component '{componentPath}'" : "")}.");

    // args: { name: v.string() }; returns { name, value } or null.
    private static Result Get(DeploymentModel deployment, JsonObject args)
    {
        if (args["name"] is not JsonValue nameNode || nameNode.GetValueKind() != JsonValueKind.String)
            return new Result(null, $"Uncaught Error: ArgumentValidationError: Object is missing the required field `name` or it is not a string.\n\nObject: {Json.Write(args)}\nValidator: v.object({{name: v.string()}})");
        if (args.Count != 1)
            return new Result(null, $"Uncaught Error: ArgumentValidationError: Object contains extra fields.\n\nObject: {Json.Write(args)}\nValidator: v.object({{name: v.string()}})");
        var name = nameNode.GetValue<string>();
        return deployment.Variables.TryGetValue(name, out var value)
            ? new Result(new JsonObject { ["name"] = name, ["value"] = value }, null)
            : new Result(null, null);
    }

    // args: {}; returns the documents of _environment_variables in name order.
    private static Result List(DeploymentModel deployment, JsonObject args)
    {
        if (args.Count != 0)
            return new Result(null, $"Uncaught Error: ArgumentValidationError: Object contains extra fields.\n\nObject: {Json.Write(args)}\nValidator: v.object({{}})");
        foreach (var stale in deployment.VariableDocuments.Keys.Where(k => !deployment.Variables.ContainsKey(k)).ToList())
            deployment.VariableDocuments.Remove(stale);
        var documents = new JsonArray();
        foreach (var (name, value) in deployment.Variables.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            if (!deployment.VariableDocuments.TryGetValue(name, out var document))
            {
                document = (DocumentId(), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + Random.Shared.NextDouble());
                deployment.VariableDocuments[name] = document;
            }
            documents.Add(new JsonObject
            {
                ["_id"] = document.Id,
                ["_creationTime"] = document.CreationTime,
                ["name"] = name,
                ["value"] = value,
            });
        }
        return new Result(documents, null);
    }

    // Document ids are 32 characters of a lowercase base32 alphabet.
    private static string DocumentId() => RandomNumberGenerator.GetString("0123456789abcdefghjkmnpqrstvwxyz", 32);
}
