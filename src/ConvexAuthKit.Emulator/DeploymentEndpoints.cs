using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ConvexAuthKit.Emulator;

/// <summary>One deployment's own API (<c>https://&lt;name&gt;.convex.cloud/api/...</c>).</summary>
internal sealed partial class DeploymentEndpoints(EmulatorState state, string deploymentName) : IServiceEndpoints
{
    private const int MaxValueBytes = 8 * 1024;

    // Convex's rule: a letter first, then letters, digits or underscores, under 40 characters.
    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,39}$")]
    private static partial Regex VariableName();

    public ApiResponse Handle(ApiRequest request)
    {
        Func<DeploymentModel, ApiRequest, ApiResponse>? handler = (request.Method, request.Path) switch
        {
            ("GET", "/api/v1/list_environment_variables") => List,
            ("POST", "/api/v1/update_environment_variables") => Update,
            // What the CLI itself calls; same body and effect.
            ("POST", "/api/update_environment_variables") => Update,
            _ => null,
        };
        if (handler is null) return ApiResponse.Error(404, "NotFound", $"No route for {request.Method} {request.Path}");

        // A spare preview listener answers like an unknown host until a preview deployment claims it.
        var deployment = state.FindDeployment(deploymentName);
        if (deployment is null) return ApiResponse.Error(404, "DeploymentNotFound", $"No deployment '{deploymentName}' here.");
        var auth = request.Authorization;
        if (auth is null || !auth.StartsWith("Convex ", StringComparison.Ordinal) || !deployment.AcceptsAdminKey(auth["Convex ".Length..].Trim()))
            return ApiResponse.Error(401, "BadAdminKey", "The provided admin key was invalid for this instance.");
        return handler(deployment, request);
    }

    private static ApiResponse List(DeploymentModel deployment, ApiRequest _)
    {
        var variables = new JsonObject();
        foreach (var (name, value) in deployment.Variables.OrderBy(v => v.Key, StringComparer.Ordinal)) variables[name] = value;
        return ApiResponse.Ok(new JsonObject { ["environmentVariables"] = variables });
    }

    private ApiResponse Update(DeploymentModel deployment, ApiRequest request)
    {
        var body = Json.TryParseObject(request.Body);
        if (body?["changes"] is not JsonArray changes)
            return ApiResponse.Error(400, "InvalidRequest", "Expected a body of the form {\"changes\":[{\"name\":...,\"value\":...}]}.");

        // Validate everything first so a bad change leaves the deployment untouched.
        var parsed = new List<(string Name, string? Value)>();
        foreach (var change in changes)
        {
            if (change is not JsonObject item || Json.String(item, "name") is not { } name)
                return ApiResponse.Error(400, "InvalidRequest", "Each change needs a string \"name\".");
            if (!VariableName().IsMatch(name))
                return ApiResponse.Error(400, "InvalidEnvironmentVariableName",
                    $"Environment variable name '{name}' is invalid: it must start with a letter, contain only letters, digits and underscores, and be under 40 characters.");
            var valueNode = item["value"];
            string? value;
            if (valueNode is null) value = null;
            else if (valueNode is JsonValue v && v.GetValueKind() == JsonValueKind.String) value = v.GetValue<string>();
            else return ApiResponse.Error(400, "InvalidRequest", $"The value of '{name}' must be a string or null.");
            if (value is not null && Encoding.UTF8.GetByteCount(value) > MaxValueBytes)
                return ApiResponse.Error(400, "EnvironmentVariableValueTooLarge", $"The value of '{name}' is larger than 8 KiB.");
            parsed.Add((name, value));
        }

        foreach (var (name, value) in parsed)
        {
            if (value is null) deployment.Variables.Remove(name);
            else deployment.Variables[name] = value;
        }
        state.NotifyVariablesChanged(deployment.Name);
        return ApiResponse.Ok(new JsonObject());
    }
}
