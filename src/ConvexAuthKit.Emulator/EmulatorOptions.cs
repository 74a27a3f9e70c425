namespace ConvexAuthKit.Emulator;

/// <summary>
/// The world an emulator starts with. <c>new EmulatorOptions()</c> (same as <see cref="Default"/>) is ready to use:
/// one access token, team "acme" (101) with a WorkOS team, project "my-app" (201) and its dev, prod and
/// preview deployments. Modify the lists before <see cref="ConvexEmulator.StartAsync"/>; use <see cref="Empty"/>
/// to build a world from scratch.
/// </summary>
public sealed class EmulatorOptions
{
    public const string DefaultTeamSlug = "acme";
    public const long DefaultTeamId = 101;
    public const string DefaultProjectSlug = "my-app";
    public const long DefaultProjectId = 201;
    public const string DefaultDevDeployment = "happy-animal-123";
    public const string DefaultProdDeployment = "sober-otter-456";
    public const string DefaultPreviewDeployment = "preview-fox-789";
    /// <summary>The preview name (branch) of <see cref="DefaultPreviewDeployment"/>.</summary>
    public const string DefaultPreviewName = "feature-login";
    /// <summary>Member email that is free to create a WorkOS team with.</summary>
    public const string DefaultMemberEmail = "dev@example.com";
    /// <summary>Admin email of acme's WorkOS team (so it is "used").</summary>
    public const string DefaultWorkOSAdminEmail = "owner@acme.example";

    public EmulatorOptions() : this(seedDefaults: true) { }

    private EmulatorOptions(bool seedDefaults)
    {
        if (!seedDefaults) return;
        AccessTokens.Add("emu_access_" + Ids.Hex(24));
        Teams.Add(new EmulatedTeam
        {
            Id = DefaultTeamId,
            Slug = DefaultTeamSlug,
            Name = "Acme",
            HasWorkOSTeam = true,
            WorkOSAdminEmail = DefaultWorkOSAdminEmail,
            Projects =
            {
                new EmulatedProject
                {
                    Id = DefaultProjectId,
                    Slug = DefaultProjectSlug,
                    Name = "My App",
                    DeployKey = $"project:{DefaultTeamSlug}:{DefaultProjectSlug}|" + Ids.Hex(32),
                    PreviewDeployKey = $"preview:{DefaultTeamSlug}:{DefaultProjectSlug}|" + Ids.Hex(32),
                },
            },
        });
        Deployments.Add(NewDeployment(DefaultDevDeployment, "dev"));
        Deployments.Add(NewDeployment(DefaultProdDeployment, "prod"));
        var preview = NewDeployment(DefaultPreviewDeployment, "preview");
        preview.PreviewName = DefaultPreviewName;
        Deployments.Add(preview);
        MemberEmails.Add(DefaultMemberEmail);
        MemberEmails.Add(DefaultWorkOSAdminEmail);
    }

    private static EmulatedDeployment NewDeployment(string name, string type) => new()
    {
        Name = name,
        DeploymentType = type,
        ProjectId = DefaultProjectId,
        DeployKey = $"{type}:{name}|" + Ids.Hex(32),
    };

    /// <summary>
    /// Listeners bound in advance for preview deployments created while the emulator runs (claim_preview_deployment
    /// of a new identifier, or without reuse); each is named <c>spare-preview-N</c> once claimed.
    /// </summary>
    public int SparePreviewDeployments { get; set; } = 2;
    /// <summary>
    /// Added to every API request before it is handled (not to the <c>/_emulator</c> control endpoints), as a
    /// network round trip would be: <c>--latency-ms N</c> in process mode. Zero by default; never negative.
    /// </summary>
    public TimeSpan Latency
    {
        get => _latency;
        set => _latency = value < TimeSpan.Zero ? throw new ArgumentOutOfRangeException(nameof(value), "The latency cannot be negative.") : value;
    }

    private TimeSpan _latency;
    public List<EmulatedTeam> Teams { get; } = [];
    public List<EmulatedDeployment> Deployments { get; } = [];
    /// <summary>Big Brain access tokens (what <c>npx convex login</c> stores). The first is <see cref="ConvexEmulator.AccessToken"/>.</summary>
    public List<string> AccessTokens { get; } = [];
    /// <summary>Verified emails of the signed-in member, offered by <c>available_workos_team_emails</c>.</summary>
    public List<string> MemberEmails { get; } = [];
    /// <summary>Emails that already own a WorkOS account outside the seeded teams (reported as used).</summary>
    public List<string> ExistingWorkOSAccountEmails { get; } = [];

    public static EmulatorOptions Default() => new();

    /// <summary>No teams, deployments, tokens or emails.</summary>
    public static EmulatorOptions Empty() => new(seedDefaults: false);
}

public sealed class EmulatedTeam
{
    public long Id { get; set; }
    public string Slug { get; set; } = "";
    /// <summary>Display name; the slug when empty.</summary>
    public string Name { get; set; } = "";
    /// <summary>Whether the team already has an associated WorkOS team.</summary>
    public bool HasWorkOSTeam { get; set; }
    /// <summary>Admin email of the associated WorkOS team (only meaningful with <see cref="HasWorkOSTeam"/>).</summary>
    public string? WorkOSAdminEmail { get; set; }
    public List<EmulatedProject> Projects { get; init; } = [];
}

public sealed class EmulatedProject
{
    public long Id { get; set; }
    public string Slug { get; set; } = "";
    public string Name { get; set; } = "";
    /// <summary>Optional project deploy key (<c>project:&lt;team&gt;:&lt;project&gt;|&lt;secret&gt;</c>), accepted by Big Brain as a bearer token.</summary>
    public string? DeployKey { get; set; }
    /// <summary>Optional preview deploy key (<c>preview:&lt;team&gt;:&lt;project&gt;|&lt;secret&gt;</c>): may claim (and so create) the project's preview deployments and authorize existing ones.</summary>
    public string? PreviewDeployKey { get; set; }
}

public sealed class EmulatedDeployment
{
    public string Name { get; set; } = "";
    /// <summary>"dev", "prod" or "preview".</summary>
    public string DeploymentType { get; set; } = "dev";
    public long ProjectId { get; set; }
    /// <summary>Environment variables the deployment starts with.</summary>
    public Dictionary<string, string> Variables { get; init; } = new(StringComparer.Ordinal);
    /// <summary>Optional deployment deploy key (<c>dev:&lt;name&gt;|&lt;secret&gt;</c>); works as an admin key on the deployment.</summary>
    public string? DeployKey { get; set; }
    /// <summary>For a preview deployment: its preview name (the branch) within the project.</summary>
    public string? PreviewName { get; set; }
}
