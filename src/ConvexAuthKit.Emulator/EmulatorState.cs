namespace ConvexAuthKit.Emulator;

/// <summary>A WorkOS environment as the emulator holds it (a snapshot).</summary>
public sealed record WorkOSEnvironment(
    string DeploymentName,
    string EnvironmentId,
    string EnvironmentName,
    string ClientId,
    string ApiKey,
    IReadOnlyList<string> RedirectUris,
    IReadOnlyList<string> CorsOrigins,
    string? AppHomepageUrl)
{
    /// <summary>"production" or "nonproduction", as asked for when it was provisioned.</summary>
    public string EnvironmentType { get; init; } = "nonproduction";
}

/// <summary>
/// Everything the emulated services know. Public members are thread-safe and return snapshots;
/// the endpoint handlers work on the internal models while holding <see cref="Sync"/>.
/// </summary>
public sealed class EmulatorState
{
    internal readonly object Sync = new();
    internal readonly List<TeamModel> Teams = [];
    internal readonly List<ProjectModel> Projects = [];
    internal readonly Dictionary<string, DeploymentModel> Deployments = new(StringComparer.Ordinal);
    internal readonly List<string> AccessTokens = [];
    internal readonly List<string> MemberEmails = [];
    internal readonly HashSet<string> ExistingWorkOSAccountEmails = new(StringComparer.OrdinalIgnoreCase);
    internal readonly Queue<string> SpareDeploymentNames = new();
    private readonly List<string> _secrets = [];
    private int _provisioningCalls;
    private int _environmentsCreated;

    internal EmulatorState(EmulatorOptions options)
    {
        if (options.AccessTokens.Count == 0)
            throw new ArgumentException("At least one access token is required.", nameof(options));
        foreach (var token in options.AccessTokens)
        {
            AccessTokens.Add(token);
            AddSecret(token);
        }

        foreach (var team in options.Teams)
        {
            if (Teams.Any(t => t.Id == team.Id || t.Slug == team.Slug))
                throw new ArgumentException($"Duplicate team {team.Id}/{team.Slug}.", nameof(options));
            var teamModel = new TeamModel { Id = team.Id, Slug = team.Slug, Name = team.Name.Length > 0 ? team.Name : team.Slug };
            if (team.HasWorkOSTeam)
                teamModel.WorkOSTeam = new WorkOSTeamModel("team_" + Ids.Ulid(), teamModel.Name, team.WorkOSAdminEmail ?? $"admin@{team.Slug}.example");
            Teams.Add(teamModel);
            foreach (var project in team.Projects)
            {
                if (Projects.Any(p => p.Id == project.Id))
                    throw new ArgumentException($"Duplicate project id {project.Id}.", nameof(options));
                Projects.Add(new ProjectModel
                {
                    Id = project.Id,
                    Slug = project.Slug,
                    Name = project.Name.Length > 0 ? project.Name : project.Slug,
                    Team = teamModel,
                    DeployKey = project.DeployKey,
                    PreviewDeployKey = project.PreviewDeployKey,
                });
                if (project.DeployKey is not null) AddSecret(project.DeployKey);
                if (project.PreviewDeployKey is not null) AddSecret(project.PreviewDeployKey);
            }
        }

        foreach (var deployment in options.Deployments)
        {
            if (deployment.DeploymentType is not ("dev" or "prod" or "preview"))
                throw new ArgumentException($"Deployment {deployment.Name}: type must be dev, prod or preview.", nameof(options));
            var project = Projects.FirstOrDefault(p => p.Id == deployment.ProjectId)
                ?? throw new ArgumentException($"Deployment {deployment.Name}: no project {deployment.ProjectId}.", nameof(options));
            var model = new DeploymentModel
            {
                Name = deployment.Name,
                Type = deployment.DeploymentType,
                Project = project,
                DeployKey = deployment.DeployKey,
                PreviewName = deployment.DeploymentType == "preview" ? deployment.PreviewName ?? deployment.Name : null,
            };
            foreach (var (key, value) in deployment.Variables) model.Variables[key] = value;
            if (!Deployments.TryAdd(model.Name, model))
                throw new ArgumentException($"Duplicate deployment {deployment.Name}.", nameof(options));
            if (deployment.DeployKey is not null) AddSecret(deployment.DeployKey);
        }

        for (var i = 1; i <= options.SparePreviewDeployments; i++)
        {
            var spare = "spare-preview-" + i;
            if (!Deployments.ContainsKey(spare)) SpareDeploymentNames.Enqueue(spare);
        }

        MemberEmails.AddRange(options.MemberEmails);
        ExistingWorkOSAccountEmails.UnionWith(options.ExistingWorkOSAccountEmails);
    }

    // ---- public, thread-safe -------------------------------------------------------------

    public IReadOnlyList<string> DeploymentNames { get { lock (Sync) return [.. Deployments.Keys]; } }

    /// <summary>Every name a deployment listener is bound for: the deployments, then the unclaimed spare previews.</summary>
    internal IReadOnlyList<string> ListenerNames { get { lock (Sync) return [.. Deployments.Keys, .. SpareDeploymentNames]; } }

    /// <summary>"dev", "prod" or "preview".</summary>
    public string DeploymentType(string deploymentName)
    {
        lock (Sync) return RequireDeployment(deploymentName).Type;
    }

    /// <summary>The preview deployment of the default-style project with this preview name (branch), or null.</summary>
    public string? PreviewDeploymentNamed(string previewName)
    {
        lock (Sync) return Deployments.Values.FirstOrDefault(d => d.Type == "preview" && d.PreviewName == previewName)?.Name;
    }

    /// <summary>The deployment's environment variables right now.</summary>
    public IReadOnlyDictionary<string, string> DeploymentVariables(string deploymentName)
    {
        lock (Sync) return new Dictionary<string, string>(RequireDeployment(deploymentName).Variables, StringComparer.Ordinal);
    }

    /// <summary>Sets (or, with null, removes) a variable directly, for test arrangement. Not logged.</summary>
    public void SetDeploymentVariable(string deploymentName, string key, string? value)
    {
        lock (Sync)
        {
            var deployment = RequireDeployment(deploymentName);
            if (value is null) deployment.Variables.Remove(key);
            else deployment.Variables[key] = value;
            NotifyVariablesChanged(deploymentName);
        }
    }

    /// <summary>The WorkOS environment provisioned for the deployment, or null.</summary>
    public WorkOSEnvironment? WorkOSEnvironmentFor(string deploymentName)
    {
        lock (Sync) return Snapshot(RequireDeployment(deploymentName).WorkOS);
    }

    /// <summary>
    /// Test arrangement: makes the deployment's WorkOS environment exist (as if provisioned earlier), without
    /// touching its variables or the provisioning counters.
    /// </summary>
    public WorkOSEnvironment ProvisionWorkOSEnvironment(string deploymentName)
    {
        lock (Sync) return Snapshot(EnsureWorkOSEnvironment(RequireDeployment(deploymentName), out _))!;
    }

    public bool TeamHasWorkOSTeam(string teamSlug)
    {
        lock (Sync) return (Teams.FirstOrDefault(t => t.Slug == teamSlug) ?? throw new KeyNotFoundException($"No team '{teamSlug}'.")).WorkOSTeam is not null;
    }

    /// <summary>Successful <c>get_or_provision_workos_environment</c> calls (repeats included).</summary>
    public int ProvisioningCalls { get { lock (Sync) return _provisioningCalls; } }

    /// <summary>WorkOS environments created by <c>get_or_provision_workos_environment</c>.</summary>
    public int WorkOSEnvironmentsCreated { get { lock (Sync) return _environmentsCreated; } }

    /// <summary>Every secret seeded or handed out so far.</summary>
    public IReadOnlyList<string> IssuedSecrets() { lock (Sync) return [.. _secrets]; }

    // ---- internal, caller holds Sync --------------------------------------------------------

    /// <summary>
    /// Raised, with <see cref="Sync"/> held, after a deployment's variables were written (its name), so open sync
    /// sessions rerun the queries that read them. Handlers must not block.
    /// </summary>
    internal event Action<string>? VariablesChanged;

    internal void NotifyVariablesChanged(string deploymentName) => VariablesChanged?.Invoke(deploymentName);

    internal DeploymentModel? FindDeployment(string? name) =>
        name is not null && Deployments.TryGetValue(name, out var d) ? d : null;

    internal DeploymentModel RequireDeployment(string name) =>
        FindDeployment(name) ?? throw new KeyNotFoundException($"No deployment '{name}'.");

    internal void AddSecret(string secret)
    {
        if (secret.Length > 0 && !_secrets.Contains(secret)) _secrets.Add(secret);
    }

    internal string IssueAdminKey(DeploymentModel deployment)
    {
        var key = $"{deployment.Type}:{deployment.Name}|{Ids.Hex(32)}";
        deployment.AdminKeys.Add(key);
        AddSecret(key);
        return key;
    }

    /// <summary>The project's existing preview deployment of that preview name (identifier), or null.</summary>
    internal DeploymentModel? FindPreview(ProjectModel project, string previewName) =>
        Deployments.Values.FirstOrDefault(d => d.Project == project && d.Type == "preview" && d.PreviewName == previewName);

    /// <summary>
    /// claim_preview_deployment: with <paramref name="reuse"/> the existing preview of that identifier, else (and when
    /// there is none) a new one on a spare listener; without reuse an existing one is deleted first, variables,
    /// WorkOS environment and admin keys with it. Null when a new one is needed and no spare listener is left.
    /// </summary>
    internal DeploymentModel? ClaimPreview(ProjectModel project, string identifier, bool reuse, out bool isNew)
    {
        isNew = false;
        var existing = FindPreview(project, identifier);
        if (existing is not null && reuse) return existing;
        if (SpareDeploymentNames.Count == 0) return null;
        if (existing is not null) Deployments.Remove(existing.Name);
        var name = SpareDeploymentNames.Dequeue();
        var created = new DeploymentModel { Name = name, Type = "preview", Project = project, PreviewName = identifier, Url = SpareUrls[name] };
        Deployments.Add(name, created);
        isNew = true;
        return created;
    }

    /// <summary>Origins of the spare listeners, set once they are bound.</summary>
    internal readonly Dictionary<string, string> SpareUrls = new(StringComparer.Ordinal);

    internal WorkOSEnvironmentModel EnsureWorkOSEnvironment(DeploymentModel deployment, out bool created, string environmentType = "nonproduction")
    {
        created = deployment.WorkOS is null;
        if (deployment.WorkOS is null)
        {
            deployment.WorkOS = new WorkOSEnvironmentModel
            {
                DeploymentName = deployment.Name,
                EnvironmentId = "environment_" + Ids.Ulid(),
                EnvironmentName = deployment.Name,
                ClientId = "client_" + Ids.Ulid(),
                // WorkOS gives production environments live keys.
                ApiKey = (environmentType == "production" ? "sk_live_" : "sk_test_") + Ids.Alnum(48),
                EnvironmentType = environmentType,
            };
            AddSecret(deployment.WorkOS.ApiKey);
        }
        return deployment.WorkOS;
    }

    internal void CountProvisioningCall(bool created)
    {
        _provisioningCalls++;
        if (created) _environmentsCreated++;
    }

    internal WorkOSEnvironmentModel? FindWorkOSEnvironmentByApiKey(string apiKey) =>
        Deployments.Values.Select(d => d.WorkOS).FirstOrDefault(w => w is not null && w.ApiKey == apiKey);

    internal IEnumerable<string> UsedWorkOSEmails() =>
        Teams.Where(t => t.WorkOSTeam is not null).Select(t => t.WorkOSTeam!.AdminEmail)
            .Concat(ExistingWorkOSAccountEmails)
            .Distinct(StringComparer.OrdinalIgnoreCase);

    private static WorkOSEnvironment? Snapshot(WorkOSEnvironmentModel? env) => env is null ? null : new WorkOSEnvironment(
        env.DeploymentName, env.EnvironmentId, env.EnvironmentName, env.ClientId, env.ApiKey,
        [.. env.RedirectUris.Select(r => r.Uri)], [.. env.CorsOrigins.Select(c => c.Origin)], env.AppHomepageUrl)
    { EnvironmentType = env.EnvironmentType };
}
