using System.Text.Json.Nodes;

namespace ConvexAuthKit.Emulator;

/// <summary>
/// <c>/_emulator/*</c> on the Big Brain origin: state and request log for the demo script and out-of-process tests.
/// Not part of any real API, not recorded and not subject to faults.
/// </summary>
internal sealed class AdminEndpoints(ConvexEmulator emulator)
{
    public async Task HandleAsync(HttpContext context)
    {
        var (status, body) = (context.Request.Method, context.Request.Path.Value) switch
        {
            ("GET", "/_emulator/state") => (200, StateJson()),
            ("GET", "/_emulator/requests") => (200, RequestsJson()),
            ("POST", "/_emulator/reset-requests") => Reset(),
            _ => (404, new JsonObject { ["code"] = "NotFound", ["message"] = "Unknown emulator endpoint." }),
        };
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(Json.Write(body), context.RequestAborted).ConfigureAwait(false);
    }

    private (int, JsonNode) Reset()
    {
        emulator.ClearRequests();
        return (200, new JsonObject());
    }

    private JsonObject StateJson()
    {
        var state = emulator.State;
        var deployments = new JsonObject();
        var teams = new JsonArray();
        lock (state.Sync)
        {
            foreach (var d in state.Deployments.Values)
            {
                var variables = new JsonObject();
                foreach (var (name, value) in d.Variables.OrderBy(v => v.Key, StringComparer.Ordinal)) variables[name] = value;
                deployments[d.Name] = new JsonObject
                {
                    ["deploymentType"] = d.Type,
                    ["url"] = d.Url,
                    ["team"] = d.Project.Team.Slug,
                    ["project"] = d.Project.Slug,
                    ["environmentVariables"] = variables,
                    ["workos"] = d.WorkOS is not { } w ? null : new JsonObject
                    {
                        ["environmentId"] = w.EnvironmentId,
                        ["environmentName"] = w.EnvironmentName,
                        ["clientId"] = w.ClientId,
                        ["apiKey"] = w.ApiKey,
                        ["redirectUris"] = Json.Array(w.RedirectUris.Select(r => r.Uri)),
                        ["corsOrigins"] = Json.Array(w.CorsOrigins.Select(c => c.Origin)),
                        ["appHomepageUrl"] = w.AppHomepageUrl,
                    },
                };
            }
            foreach (var t in state.Teams)
                teams.Add(new JsonObject
                {
                    ["id"] = t.Id,
                    ["slug"] = t.Slug,
                    ["hasAssociatedWorkosTeam"] = t.WorkOSTeam is not null,
                    ["workosAdminEmail"] = t.WorkOSTeam?.AdminEmail,
                });
        }
        return new JsonObject
        {
            ["deployments"] = deployments,
            ["teams"] = teams,
            ["provisioningCalls"] = state.ProvisioningCalls,
            ["workosEnvironmentsCreated"] = state.WorkOSEnvironmentsCreated,
        };
    }

    private JsonObject RequestsJson()
    {
        var requests = new JsonArray();
        foreach (var r in emulator.Requests)
        {
            var headers = new JsonObject();
            foreach (var (name, value) in r.Headers) headers[name] = value;
            requests.Add(new JsonObject
            {
                ["service"] = r.Service,
                ["method"] = r.Method,
                ["path"] = r.Path,
                ["status"] = r.Status,
                ["arrived"] = r.Arrived,
                ["answered"] = r.Answered,
                ["body"] = r.Body,
                ["headers"] = headers,
                ["fault"] = r.Fault?.ToString(),
                ["timestamp"] = r.Timestamp.ToString("O"),
            });
        }
        return new JsonObject { ["requests"] = requests };
    }
}
