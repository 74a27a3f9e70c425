namespace ConvexAuthKit.Emulator;

// Mutable server-side records. Only touched while holding EmulatorState.Sync.

internal sealed class TeamModel
{
    public required long Id { get; init; }
    public required string Slug { get; init; }
    public required string Name { get; init; }
    public WorkOSTeamModel? WorkOSTeam { get; set; }
}

internal sealed record WorkOSTeamModel(string Id, string Name, string AdminEmail);

internal sealed class ProjectModel
{
    public required long Id { get; init; }
    public required string Slug { get; init; }
    public required string Name { get; init; }
    public required TeamModel Team { get; init; }
    public string? DeployKey { get; init; }
    public string? PreviewDeployKey { get; init; }
}

internal sealed class DeploymentModel
{
    public required string Name { get; init; }
    public required string Type { get; init; }
    public required ProjectModel Project { get; init; }
    public Dictionary<string, string> Variables { get; } = new(StringComparer.Ordinal);
    /// <summary>
    /// The <c>_environment_variables</c> document of each variable (its id and creation time) as the sync protocol
    /// lists them; filled in when first listed and dropped with the variable.
    /// </summary>
    public Dictionary<string, (string Id, double CreationTime)> VariableDocuments { get; } = new(StringComparer.Ordinal);
    public HashSet<string> AdminKeys { get; } = new(StringComparer.Ordinal);
    public string? DeployKey { get; init; }
    /// <summary>A preview deployment's name within its project (the branch), as authorize_preview selects it.</summary>
    public string? PreviewName { get; init; }
    /// <summary>The deployment's own origin; known once the listener is bound.</summary>
    public string Url { get; set; } = "";
    public WorkOSEnvironmentModel? WorkOS { get; set; }

    public bool AcceptsAdminKey(string key) => AdminKeys.Contains(key) || (DeployKey is not null && DeployKey == key);
}

internal sealed class WorkOSEnvironmentModel
{
    public required string DeploymentName { get; init; }
    public required string EnvironmentId { get; init; }
    public required string EnvironmentName { get; init; }
    public required string ClientId { get; init; }
    public required string ApiKey { get; init; }
    /// <summary>"production" or "nonproduction", as asked for when it was provisioned.</summary>
    public string EnvironmentType { get; init; } = "nonproduction";
    public List<RedirectUriModel> RedirectUris { get; } = [];
    public List<CorsOriginModel> CorsOrigins { get; } = [];
    public string? AppHomepageUrl { get; set; }
}

internal sealed record RedirectUriModel(string Id, string Uri, bool IsDefault, DateTimeOffset CreatedAt);

internal sealed record CorsOriginModel(string Id, string Origin, DateTimeOffset CreatedAt);
