using System.Text.Json.Nodes;

namespace ConvexAuthKit.Emulator;

/// <summary>The slice of the WorkOS API (<c>https://api.workos.com</c>) that AuthKit setup touches.</summary>
internal sealed class WorkOSEndpoints(EmulatorState state) : IServiceEndpoints
{
    public ApiResponse Handle(ApiRequest request)
    {
        Func<WorkOSEnvironmentModel, JsonObject, ApiResponse>? handler = (request.Method, request.Path) switch
        {
            ("POST", "/user_management/redirect_uris") => CreateRedirectUri,
            ("POST", "/user_management/cors_origins") => CreateCorsOrigin,
            ("PUT", "/user_management/app_homepage_url") => SetAppHomepageUrl,
            _ => null,
        };
        if (handler is null) return Error(404, "entity_not_found", "Not Found");

        var auth = request.Authorization;
        var env = auth is not null && auth.StartsWith("Bearer ", StringComparison.Ordinal)
            ? state.FindWorkOSEnvironmentByApiKey(auth["Bearer ".Length..].Trim())
            : null;
        if (env is null) return Error(401, "unauthorized", "Could not authorize the request. Maybe your API key is invalid?");

        var body = Json.TryParseObject(request.Body);
        return body is null ? Error(400, "invalid_json", "The request body is not a JSON object.") : handler(env, body);
    }

    private static ApiResponse Error(int status, string code, string message) =>
        new(status, new JsonObject { ["code"] = code, ["message"] = message });

    /// <summary>WorkOS's validation failure: 422 with the offending field.</summary>
    private static ApiResponse Invalid(string field, string fieldCode, string message) => new(422, new JsonObject
    {
        ["code"] = "invalid_request_parameters",
        ["message"] = message,
        ["errors"] = new JsonArray(new JsonObject { ["field"] = field, ["code"] = fieldCode }),
    });

    private static Uri? AbsoluteHttpUri(string? text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0 ? uri : null;

    private static ApiResponse CreateRedirectUri(WorkOSEnvironmentModel env, JsonObject body)
    {
        var text = Json.String(body, "uri");
        if (string.IsNullOrEmpty(text)) return Invalid("uri", "uri_required", "Validation failed: uri is required.");
        if (AbsoluteHttpUri(text) is null) return Invalid("uri", "uri_invalid", $"Validation failed: '{text}' is not a valid redirect URI.");
        if (env.RedirectUris.Any(r => r.Uri == text))
            return Invalid("uri", "redirect_uri_already_exists", $"Redirect URI '{text}' already exists for this environment.");

        var now = DateTimeOffset.UtcNow;
        // The first URI registered becomes the default, as in the WorkOS dashboard.
        var created = new RedirectUriModel("redirect_uri_" + Ids.Ulid(), text, env.RedirectUris.Count == 0, now);
        env.RedirectUris.Add(created);
        return ApiResponse.Created(new JsonObject
        {
            ["object"] = "redirect_uri",
            ["id"] = created.Id,
            ["uri"] = created.Uri,
            ["default"] = created.IsDefault,
            ["created_at"] = Json.Timestamp(now),
            ["updated_at"] = Json.Timestamp(now),
        });
    }

    private static ApiResponse CreateCorsOrigin(WorkOSEnvironmentModel env, JsonObject body)
    {
        var text = Json.String(body, "origin");
        if (string.IsNullOrEmpty(text)) return Invalid("origin", "origin_required", "Validation failed: origin is required.");
        // An origin is scheme://host[:port] and nothing more.
        var uri = AbsoluteHttpUri(text);
        if (uri is null || uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0 || text.EndsWith('/'))
            return Invalid("origin", "origin_invalid", $"Validation failed: '{text}' is not a valid origin.");
        if (env.CorsOrigins.Any(c => string.Equals(c.Origin, text, StringComparison.OrdinalIgnoreCase)))
            return Error(409, "duplicate_cors_origin", $"CORS origin '{text}' already exists for this environment.");

        var now = DateTimeOffset.UtcNow;
        var created = new CorsOriginModel("cors_origin_" + Ids.Ulid(), text, now);
        env.CorsOrigins.Add(created);
        return ApiResponse.Created(new JsonObject
        {
            ["object"] = "cors_origin",
            ["id"] = created.Id,
            ["origin"] = created.Origin,
            ["created_at"] = Json.Timestamp(now),
            ["updated_at"] = Json.Timestamp(now),
        });
    }

    private static ApiResponse SetAppHomepageUrl(WorkOSEnvironmentModel env, JsonObject body)
    {
        var text = Json.String(body, "url");
        if (string.IsNullOrEmpty(text)) return Invalid("url", "url_required", "Validation failed: url is required.");
        var uri = AbsoluteHttpUri(text);
        if (uri is null || uri.Scheme != "https")
            return Invalid("url", "url_invalid", "Validation failed: the app homepage URL must be an https URL.");
        // WorkOS refuses local addresses for the homepage.
        if (uri.IsLoopback || uri.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || uri.Host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
            return Invalid("url", "url_localhost_not_allowed", "Validation failed: the app homepage URL cannot be a localhost URL.");

        env.AppHomepageUrl = text;
        return ApiResponse.Ok(new JsonObject
        {
            ["object"] = "app_homepage_url",
            ["url"] = text,
            ["updated_at"] = Json.Timestamp(DateTimeOffset.UtcNow),
        });
    }
}
