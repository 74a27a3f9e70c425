using System.Text.Json.Nodes;

namespace ConvexAuthKit.Emulator;

/// <summary>Convex's management API (<c>https://api.convex.dev/api/...</c>).</summary>
internal sealed class BigBrainEndpoints(EmulatorState state) : IServiceEndpoints
{
    private const string TeamAndProjectPrefix = "/api/deployment/";
    private const string TeamAndProjectSuffix = "/team_and_project";

    /// <summary>
    /// Who a bearer credential stands for: the member (access token), a project deploy key, a preview deploy key
    /// (<see cref="PreviewOnly"/>: the project's preview deployments only), or a deployment deploy key.
    /// </summary>
    private sealed record Principal(ProjectModel? Project = null, DeploymentModel? Deployment = null, bool PreviewOnly = false)
    {
        public bool IsMember => Project is null && Deployment is null;

        public bool CanSee(DeploymentModel d) =>
            IsMember || (Project is not null && d.Project == Project && (!PreviewOnly || d.Type == "preview")) || d == Deployment;
    }

    public ApiResponse Handle(ApiRequest request)
    {
        Func<Principal, JsonObject, ApiResponse>? handler = (request.Method, request.Path) switch
        {
            ("POST", "/api/deployment/authorize_within_current_project") => AuthorizeWithinCurrentProject,
            ("POST", "/api/deployment/provision_and_authorize") => ProvisionAndAuthorize,
            ("POST", "/api/deployment/authorize_prod") => AuthorizeProd,
            ("POST", "/api/deployment/authorize_preview") => AuthorizePreview,
            ("POST", "/api/workos/has_associated_workos_team") => HasAssociatedWorkOSTeam,
            ("POST", "/api/workos/get_or_provision_workos_environment") => GetOrProvisionWorkOSEnvironment,
            ("GET", "/api/workos/available_workos_team_emails") => AvailableWorkOSTeamEmails,
            ("POST", "/api/workos/provision_associated_workos_team") => ProvisionAssociatedWorkOSTeam,
            _ => null,
        };

        // The deploy key in the body is the credential here, no bearer needed.
        if (request is { Method: "POST", Path: "/api/deployment/url_for_key" })
            return WithBody(request, UrlForKey);

        // A preview deploy key is checked against the project the body names, so this one authenticates itself.
        if (request is { Method: "POST", Path: "/api/claim_preview_deployment" })
            return WithBody(request, body => ClaimPreviewDeployment(request.Authorization, body));

        string? teamAndProjectName = null;
        if (handler is null && request.Method == "GET" && request.Path.StartsWith(TeamAndProjectPrefix, StringComparison.Ordinal)
            && request.Path.EndsWith(TeamAndProjectSuffix, StringComparison.Ordinal))
        {
            teamAndProjectName = request.Path[TeamAndProjectPrefix.Length..^TeamAndProjectSuffix.Length];
            if (teamAndProjectName.Length == 0 || teamAndProjectName.Contains('/')) teamAndProjectName = null;
        }

        if (handler is null && teamAndProjectName is null)
            return ApiResponse.Error(404, "NotFound", $"No route for {request.Method} {request.Path}");

        var principal = Authenticate(request.Authorization);
        if (principal is null)
            return ApiResponse.Error(401, "Unauthenticated", "Could not verify the access token. Log in again with `npx convex login`.");

        if (teamAndProjectName is not null) return TeamAndProject(principal, teamAndProjectName);
        var body = Json.TryParseObject(request.Body);
        return body is null ? BadJson() : handler!(principal, body);
    }

    private Principal? Authenticate(string? authorization)
    {
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.Ordinal)) return null;
        var token = authorization["Bearer ".Length..].Trim();
        if (token.Length == 0) return null;
        if (state.AccessTokens.Contains(token)) return new Principal();
        var project = state.Projects.FirstOrDefault(p => p.DeployKey == token);
        if (project is not null) return new Principal(Project: project);
        var previewProject = state.Projects.FirstOrDefault(p => p.PreviewDeployKey == token);
        if (previewProject is not null) return new Principal(Project: previewProject, PreviewOnly: true);
        var deployment = state.Deployments.Values.FirstOrDefault(d => d.DeployKey == token);
        return deployment is not null ? new Principal(Deployment: deployment) : null;
    }

    private static ApiResponse WithBody(ApiRequest request, Func<JsonObject, ApiResponse> handler)
    {
        var body = Json.TryParseObject(request.Body);
        return body is null ? BadJson() : handler(body);
    }

    private static ApiResponse BadJson() => ApiResponse.Error(400, "BadJsonBody", "The request body must be a JSON object.");

    private static ApiResponse DeploymentNotFound(string? name) =>
        ApiResponse.Error(404, "DeploymentNotFound", $"Couldn't find deployment '{name}'.");

    /// <summary>Finds a deployment the principal may see; others look as if they did not exist.</summary>
    private DeploymentModel? Visible(Principal principal, string? name)
    {
        var deployment = state.FindDeployment(name);
        return deployment is not null && principal.CanSee(deployment) ? deployment : null;
    }

    private JsonObject Authorized(DeploymentModel deployment) => new()
    {
        ["deploymentName"] = deployment.Name,
        ["adminKey"] = state.IssueAdminKey(deployment),
        ["url"] = deployment.Url,
        ["deploymentType"] = deployment.Type,
    };

    private ApiResponse AuthorizeWithinCurrentProject(Principal principal, JsonObject body)
    {
        var selection = body["projectSelection"] as JsonObject;
        var name = Json.String(body, "selectedDeploymentName") ?? (selection is null ? null : Json.String(selection, "deploymentName"));
        if (name is null)
            return ApiResponse.Error(400, "InvalidRequest", "selectedDeploymentName is required.");
        var deployment = Visible(principal, name);
        if (deployment is null) return DeploymentNotFound(name);

        // The selection pins the project (by one of its deployments or by slugs); a deployment elsewhere is not "within" it.
        if (selection is not null)
        {
            var kind = Json.String(selection, "kind");
            ProjectModel? project = kind switch
            {
                "deploymentName" => state.FindDeployment(Json.String(selection, "deploymentName"))?.Project,
                "teamAndProjectSlugs" => state.Projects.FirstOrDefault(p =>
                    p.Slug == Json.String(selection, "projectSlug") && p.Team.Slug == Json.String(selection, "teamSlug")),
                _ => deployment.Project,
            };
            if (project != deployment.Project) return DeploymentNotFound(name);
        }
        return ApiResponse.Ok(Authorized(deployment));
    }

    // `--prod` (CLI 1.48): the body names any deployment of the project; the answer is the project's production deployment.
    private ApiResponse AuthorizeProd(Principal principal, JsonObject body)
    {
        var name = Json.String(body, "deploymentName");
        if (name is null) return ApiResponse.Error(400, "InvalidRequest", "deploymentName is required.");
        if (principal.Deployment is not null || principal.PreviewOnly)
            return ApiResponse.Error(403, "AccessTokenRequired", "authorize_prod needs a member's access token.");
        var anchor = Visible(principal, name);
        if (anchor is null) return DeploymentNotFound(name);
        var prod = state.Deployments.Values.FirstOrDefault(d => d.Project == anchor.Project && d.Type == "prod");
        return prod is null ? DeploymentNotFound($"production deployment of {anchor.Project.Slug}") : ApiResponse.Ok(Authorized(prod));
    }

    // `--preview-name` outside `deploy` (CLI 1.48, api.ts handlePreview): the project's existing preview deployment of
    // that name, with a login or a preview deploy key. It never creates one: `npx convex deploy` claims instead.
    private ApiResponse AuthorizePreview(Principal principal, JsonObject body)
    {
        var previewName = Json.String(body, "previewName");
        if (string.IsNullOrWhiteSpace(previewName)) return ApiResponse.Error(400, "InvalidRequest", "previewName is required.");
        if (principal.Deployment is not null)
            return ApiResponse.Error(403, "AccessTokenRequired", "authorize_preview needs an access token or a preview deploy key.");
        var selection = body["projectSelection"] as JsonObject;
        var project = Json.String(selection ?? [], "kind") switch
        {
            "deploymentName" => Visible(principal, Json.String(selection!, "deploymentName"))?.Project
                ?? (principal.PreviewOnly && state.FindDeployment(Json.String(selection!, "deploymentName"))?.Project == principal.Project ? principal.Project : null),
            "teamAndProjectSlugs" => state.Projects.FirstOrDefault(p =>
                p.Slug == Json.String(selection!, "projectSlug") && p.Team.Slug == Json.String(selection!, "teamSlug")),
            _ => null,
        };
        if (selection is null || project is null || !(principal.IsMember || principal.Project == project))
            return ApiResponse.Error(404, "ProjectNotFound", "Couldn't find the project named by projectSelection.");
        var preview = state.FindPreview(project, previewName!);
        return preview is null ? DeploymentNotFound($"preview {previewName}") : ApiResponse.Ok(Authorized(preview));
    }

    // `npx convex deploy` with a preview deploy key (CLI deploy.ts): {projectSelection, identifier, reuse} answers
    // {deploymentName, adminKey, instanceUrl, isNewDeployment, reference}. reuse (sent by CLIs since 1.36 unless
    // --preview-create) returns the existing preview of that identifier; without it the existing one is deleted and a
    // new, empty one made (the behaviour --preview-create keeps). An unknown preview deploy key, or one of another
    // project than the selection names, is 401 AuthenticationFailed.
    private ApiResponse ClaimPreviewDeployment(string? authorization, JsonObject body)
    {
        var token = authorization is not null && authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? authorization["Bearer ".Length..].Trim() : "";
        var selection = body["projectSelection"] as JsonObject;
        var identifier = Json.String(body, "identifier");
        var project = Json.String(selection ?? [], "kind") switch
        {
            "teamAndProjectSlugs" => state.Projects.FirstOrDefault(p =>
                p.Slug == Json.String(selection!, "projectSlug") && p.Team.Slug == Json.String(selection!, "teamSlug")),
            "deploymentName" => state.FindDeployment(Json.String(selection!, "deploymentName"))?.Project,
            _ => null,
        };
        if (token.StartsWith("preview:", StringComparison.Ordinal))
        {
            if (project is null || project.PreviewDeployKey != token)
                return ApiResponse.Error(401, "AuthenticationFailed", "Invalid Convex preview deploy key");
        }
        else
        {
            var principal = Authenticate(authorization);
            if (principal is null)
                return ApiResponse.Error(401, "Unauthenticated", "Could not verify the access token. Log in again with `npx convex login`.");
            if (!principal.IsMember)
                return ApiResponse.Error(403, "AccessTokenRequired", "claim_preview_deployment needs a preview deploy key or a member's access token.");
        }
        if (selection is null || string.IsNullOrWhiteSpace(identifier))
            return ApiResponse.Error(400, "InvalidRequest", "projectSelection and identifier are required.");
        if (project is null)
            return ApiResponse.Error(404, "ProjectNotFound", "Couldn't find the project named by projectSelection.");
        var reuse = body["reuse"] is JsonValue r && r.TryGetValue<bool>(out var b) && b;
        var preview = state.ClaimPreview(project, identifier!, reuse, out var isNew);
        if (preview is null)
            return ApiResponse.Error(500, "EmulatorOutOfPreviewListeners", "The emulator has no spare preview listener left (EmulatorOptions.SparePreviewDeployments).");
        return ApiResponse.Ok(new JsonObject
        {
            ["deploymentName"] = preview.Name,
            ["adminKey"] = state.IssueAdminKey(preview),
            ["instanceUrl"] = preview.Url,
            ["isNewDeployment"] = isNew,
            ["reference"] = "preview/" + identifier,
        });
    }

    // Older CLIs (1.30): pick the project's deployment of the requested type.
    private ApiResponse ProvisionAndAuthorize(Principal principal, JsonObject body)
    {
        var teamSlug = Json.String(body, "teamSlug");
        var projectSlug = Json.String(body, "projectSlug");
        var type = Json.String(body, "deploymentType") ?? "dev";
        if (teamSlug is null || projectSlug is null)
            return ApiResponse.Error(400, "InvalidRequest", "teamSlug and projectSlug are required.");
        if (type is not ("dev" or "prod" or "preview"))
            return ApiResponse.Error(400, "InvalidDeploymentType", $"Unknown deployment type '{type}'.");
        var project = state.Projects.FirstOrDefault(p => p.Slug == projectSlug && p.Team.Slug == teamSlug);
        if (project is null || !(principal.IsMember || principal.Project == project))
            return ApiResponse.Error(404, "ProjectNotFound", $"Couldn't find project '{teamSlug}/{projectSlug}'.");
        var wanted = Json.String(body, "deploymentName");
        var deployment = state.Deployments.Values.FirstOrDefault(d =>
            d.Project == project && d.Type == type && (wanted is null || d.Name == wanted));
        return deployment is null ? DeploymentNotFound(wanted ?? $"{type} deployment of {projectSlug}") : ApiResponse.Ok(Authorized(deployment));
    }

    private ApiResponse TeamAndProject(Principal principal, string name)
    {
        var deployment = Visible(principal, name);
        if (deployment is null) return DeploymentNotFound(name);
        var project = deployment.Project;
        return ApiResponse.Ok(new JsonObject
        {
            ["team"] = project.Team.Slug,
            ["project"] = project.Slug,
            ["teamId"] = project.Team.Id,
            ["projectId"] = project.Id,
        });
    }

    private ApiResponse HasAssociatedWorkOSTeam(Principal principal, JsonObject body)
    {
        var name = Json.String(body, "deploymentName");
        var deployment = Visible(principal, name);
        if (deployment is null) return DeploymentNotFound(name);
        var team = deployment.Project.Team;
        return ApiResponse.Ok(new JsonObject
        {
            ["hasAssociatedWorkosTeam"] = team.WorkOSTeam is not null,
            ["teamId"] = team.Id,
            ["adminEmail"] = team.WorkOSTeam?.AdminEmail,
        });
    }

    private ApiResponse GetOrProvisionWorkOSEnvironment(Principal principal, JsonObject body)
    {
        if (principal.Deployment is not null)
            return ApiResponse.Error(403, "DeploymentKeyCannotProvision",
                "A deployment deploy key cannot provision WorkOS environments; use an access token or a project deploy key.");
        var name = Json.String(body, "deploymentName");
        if (name is null) return ApiResponse.Error(400, "InvalidRequest", "deploymentName is required.");
        var environmentType = Json.String(body, "environmentType") ?? "nonproduction";
        if (environmentType is not ("nonproduction" or "production"))
            return ApiResponse.Error(400, "InvalidEnvironmentType", $"Unsupported environmentType '{environmentType}'; expected 'production' or 'nonproduction'.");
        var deployment = Visible(principal, name);
        if (deployment is null) return DeploymentNotFound(name);
        if (environmentType == "production" && deployment.Type != "prod")
            return ApiResponse.Error(400, "InvalidEnvironmentType",
                $"A production WorkOS environment is only for a production deployment; '{name}' is a {deployment.Type} deployment.");
        if (deployment.Project.Team.WorkOSTeam is null)
            return ApiResponse.Error(400, "WorkOSTeamNotProvisioned",
                $"Team '{deployment.Project.Team.Slug}' has no associated WorkOS team. Run `npx convex integration workos provision-team`.");

        // Deliberately leaves the deployment's variables alone: the client sets them.
        // One environment per deployment: a repeat (whatever it asks for) returns the one that exists.
        var env = state.EnsureWorkOSEnvironment(deployment, out var created, environmentType);
        state.CountProvisioningCall(created);
        return ApiResponse.Ok(new JsonObject
        {
            ["environmentId"] = env.EnvironmentId,
            ["environmentName"] = env.EnvironmentName,
            ["clientId"] = env.ClientId,
            ["apiKey"] = env.ApiKey,
            ["newlyProvisioned"] = created,
        });
    }

    private ApiResponse AvailableWorkOSTeamEmails(Principal principal, JsonObject _)
    {
        if (!principal.IsMember) return MemberOnly();
        var used = state.UsedWorkOSEmails().ToHashSet(StringComparer.OrdinalIgnoreCase);
        return ApiResponse.Ok(new JsonObject
        {
            ["availableEmails"] = Json.Array(state.MemberEmails.Where(e => !used.Contains(e))),
            ["usedEmails"] = Json.Array(state.MemberEmails.Where(used.Contains)),
        });
    }

    private ApiResponse ProvisionAssociatedWorkOSTeam(Principal principal, JsonObject body)
    {
        if (!principal.IsMember) return MemberOnly();
        var teamId = Json.Integer(body, "teamId");
        var email = Json.String(body, "email");
        if (teamId is null || string.IsNullOrWhiteSpace(email))
            return ApiResponse.Error(400, "InvalidRequest", "teamId and email are required.");
        var team = state.Teams.FirstOrDefault(t => t.Id == teamId);
        if (team is null) return ApiResponse.Error(404, "TeamNotFound", $"Couldn't find team {teamId}.");
        if (team.WorkOSTeam is not null)
            return ApiResponse.Error(400, "WorkosTeamAlreadyProvisioned", $"Team '{team.Slug}' already has an associated WorkOS team.");
        if (state.UsedWorkOSEmails().Contains(email, StringComparer.OrdinalIgnoreCase))
            return ApiResponse.Error(400, "WorkosAccountAlreadyExistsWithThisEmail", $"A WorkOS account already exists with the email {email}.");
        if (!state.MemberEmails.Contains(email, StringComparer.OrdinalIgnoreCase))
            return ApiResponse.Error(400, "EmailNotVerified", $"{email} is not a verified email of your Convex account.");

        team.WorkOSTeam = new WorkOSTeamModel("team_" + Ids.Ulid(), team.Name, email);
        return ApiResponse.Ok(new JsonObject
        {
            ["workosTeamId"] = team.WorkOSTeam.Id,
            ["workosTeamName"] = team.WorkOSTeam.Name,
            ["adminEmail"] = team.WorkOSTeam.AdminEmail,
        });
    }

    private ApiResponse UrlForKey(JsonObject body)
    {
        var key = Json.String(body, "deployKey");
        var deployment = key is null ? null : state.Deployments.Values.FirstOrDefault(d => d.DeployKey == key);
        return deployment is null
            ? ApiResponse.Error(400, "InvalidDeployKey", "The deploy key is not valid for any deployment.")
            : ApiResponse.Ok(JsonValue.Create(deployment.Url));
    }

    private static ApiResponse MemberOnly() =>
        ApiResponse.Error(403, "AccessTokenRequired", "This call needs a member's access token, not a deploy key.");
}
