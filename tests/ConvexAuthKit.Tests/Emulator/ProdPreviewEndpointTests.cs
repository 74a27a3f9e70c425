using System.Net;
using ConvexAuthKit.Emulator;

namespace ConvexAuthKit.Tests.Emulator;

/// <summary>Production and preview deployments as `npx convex deploy` / `--prod` / `--preview-name` reach them.</summary>
public class ProdPreviewEndpointTests
{
    private static Task<Reply> AuthorizeProd(ConvexEmulator emulator, string anchor, string? bearer = null) =>
        Http.Post(emulator.Api("/api/deployment/authorize_prod"), new { deploymentName = anchor }, bearer ?? Http.Bearer(emulator.AccessToken));

    private static Task<Reply> AuthorizePreview(ConvexEmulator emulator, string previewName, object projectSelection, string? bearer = null) =>
        Http.Post(emulator.Api("/api/deployment/authorize_preview"), new { previewName, projectSelection }, bearer ?? Http.Bearer(emulator.AccessToken));

    private static object Slugs => new { kind = "teamAndProjectSlugs", teamSlug = EmulatorOptions.DefaultTeamSlug, projectSlug = EmulatorOptions.DefaultProjectSlug };

    private static Task<Reply> Provision(ConvexEmulator emulator, string deployment, string environmentType, string? bearer = null) =>
        Http.Post(emulator.Api("/api/workos/get_or_provision_workos_environment"), new { deploymentName = deployment, environmentType }, bearer ?? Http.Bearer(emulator.AccessToken));

    [Fact]
    public async Task Authorize_prod_from_the_dev_deployment_answers_the_projects_production_deployment()
    {
        await using var emulator = await ConvexEmulator.StartAsync();

        var reply = await AuthorizeProd(emulator, Calls.Dev);

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal(Calls.Prod, (string?)reply.Json!["deploymentName"]);
        Assert.Equal("prod", (string?)reply.Json["deploymentType"]);
        Assert.Equal(emulator.DeploymentUrl(Calls.Prod), (string?)reply.Json["url"]);
        Assert.StartsWith("prod:sober-otter-456|", (string?)reply.Json["adminKey"]);
    }

    [Fact]
    public async Task Authorize_prod_refuses_a_deployment_deploy_key_and_an_unknown_anchor()
    {
        var options = EmulatorOptions.Default();
        await using var emulator = await ConvexEmulator.StartAsync(options);

        var withKey = await AuthorizeProd(emulator, Calls.Dev, Http.Bearer(options.Deployments[0].DeployKey!));
        var unknown = await AuthorizeProd(emulator, "ghost-deployment-000");

        Assert.Equal(HttpStatusCode.Forbidden, withKey.Status);
        Assert.Equal("DeploymentNotFound", unknown.Code);
    }

    [Fact]
    public async Task Authorize_preview_by_name_finds_the_existing_preview()
    {
        await using var emulator = await ConvexEmulator.StartAsync();

        var reply = await AuthorizePreview(emulator, EmulatorOptions.DefaultPreviewName, new { kind = "deploymentName", deploymentName = Calls.Dev });

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal(Calls.Preview, (string?)reply.Json!["deploymentName"]);
        Assert.Equal("preview", (string?)reply.Json["deploymentType"]);
    }

    [Fact]
    public async Task Authorize_preview_never_creates_a_preview_not_even_with_a_preview_deploy_key()
    {
        var options = EmulatorOptions.Default();
        await using var emulator = await ConvexEmulator.StartAsync(options);
        var previewKey = options.Teams[0].Projects[0].PreviewDeployKey!;

        var byMember = await AuthorizePreview(emulator, "feature-new", Slugs);
        var byKey = await AuthorizePreview(emulator, "feature-new", Slugs, Http.Bearer(previewKey));
        var existing = await AuthorizePreview(emulator, EmulatorOptions.DefaultPreviewName, Slugs, Http.Bearer(previewKey));

        Assert.Equal("DeploymentNotFound", byMember.Code);
        Assert.Equal("DeploymentNotFound", byKey.Code);
        Assert.Null(emulator.State.PreviewDeploymentNamed("feature-new"));
        Assert.Equal(Calls.Preview, (string?)existing.Json!["deploymentName"]);
    }

    private static Task<Reply> Claim(ConvexEmulator emulator, string identifier, string bearer, object? projectSelection = null, bool? reuse = true) =>
        Http.Post(emulator.Api("/api/claim_preview_deployment"),
            reuse is null ? new { projectSelection = projectSelection ?? Slugs, identifier } : new { projectSelection = projectSelection ?? Slugs, identifier, reuse },
            bearer);

    [Fact]
    public async Task Claiming_a_new_identifier_creates_the_preview_and_claiming_again_with_reuse_returns_the_same_one_with_its_variables()
    {
        var options = EmulatorOptions.Default();
        await using var emulator = await ConvexEmulator.StartAsync(options);
        var previewKey = Http.Bearer(options.Teams[0].Projects[0].PreviewDeployKey!);

        var created = await Claim(emulator, "feature-new", previewKey);
        var name = (string)created.Json!["deploymentName"]!;
        emulator.State.SetDeploymentVariable(name, "WORKOS_CLIENT_ID", "client_01KEEPME");
        var again = await Claim(emulator, "feature-new", previewKey);

        Assert.Equal(HttpStatusCode.OK, created.Status);
        Assert.True((bool)created.Json["isNewDeployment"]!);
        Assert.Equal(emulator.DeploymentUrl(name), (string?)created.Json["instanceUrl"]);
        Assert.Null(created.Json["url"]);
        Assert.Equal("preview/feature-new", (string?)created.Json["reference"]);
        Assert.Equal(name, emulator.State.PreviewDeploymentNamed("feature-new"));
        Assert.Equal("preview", emulator.State.DeploymentType(name));
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.False((bool)again.Json!["isNewDeployment"]!);
        Assert.Equal(name, (string?)again.Json["deploymentName"]);
        Assert.Equal("client_01KEEPME", emulator.State.DeploymentVariables(name)["WORKOS_CLIENT_ID"]);
        // The new deployment answers on its own origin with the admin key it was given.
        var list = await Http.Get(emulator.OnDeployment(name, "/api/v1/list_environment_variables"), "Convex " + (string)again.Json["adminKey"]!);
        Assert.Equal(HttpStatusCode.OK, list.Status);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(null)]
    public async Task Claiming_without_reuse_deletes_the_existing_preview_and_makes_a_new_empty_one(bool? reuse)
    {
        var options = EmulatorOptions.Default();
        await using var emulator = await ConvexEmulator.StartAsync(options);
        var previewKey = Http.Bearer(options.Teams[0].Projects[0].PreviewDeployKey!);
        emulator.State.SetDeploymentVariable(Calls.Preview, "WORKOS_CLIENT_ID", "client_01GONE");

        var reply = await Claim(emulator, EmulatorOptions.DefaultPreviewName, previewKey, reuse: reuse);

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.True((bool)reply.Json!["isNewDeployment"]!);
        var name = (string)reply.Json["deploymentName"]!;
        Assert.NotEqual(Calls.Preview, name);
        Assert.DoesNotContain(Calls.Preview, emulator.State.DeploymentNames);
        Assert.Empty(emulator.State.DeploymentVariables(name));
    }

    [Fact]
    public async Task A_member_may_claim_but_a_preview_deploy_key_of_another_project_or_an_unknown_one_is_401_AuthenticationFailed()
    {
        var options = EmulatorOptions.Default();
        await using var emulator = await ConvexEmulator.StartAsync(options);
        var previewKey = options.Teams[0].Projects[0].PreviewDeployKey!;
        var otherProject = new { kind = "teamAndProjectSlugs", teamSlug = EmulatorOptions.DefaultTeamSlug, projectSlug = "another-project" };
        var secret = previewKey[(previewKey.IndexOf('|') + 1)..];

        var byMember = await Claim(emulator, EmulatorOptions.DefaultPreviewName, Http.Bearer(emulator.AccessToken));
        var wrongProject = await Claim(emulator, "feature-x", Http.Bearer(previewKey), otherProject);
        var unknownKey = await Claim(emulator, "feature-x", Http.Bearer($"preview:{EmulatorOptions.DefaultTeamSlug}:{EmulatorOptions.DefaultProjectSlug}|{new string('0', secret.Length)}"));
        var deploymentKey = await Claim(emulator, "feature-x", Http.Bearer(options.Deployments[0].DeployKey!));

        Assert.Equal(Calls.Preview, (string?)byMember.Json!["deploymentName"]);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongProject.Status);
        Assert.Equal("AuthenticationFailed", wrongProject.Code);
        Assert.Equal(HttpStatusCode.Unauthorized, unknownKey.Status);
        Assert.Equal("AuthenticationFailed", unknownKey.Code);
        Assert.Equal(HttpStatusCode.Forbidden, deploymentKey.Status);
        Assert.Null(emulator.State.PreviewDeploymentNamed("feature-x"));
    }

    [Fact]
    public async Task A_preview_deploy_key_sees_only_preview_deployments()
    {
        var options = EmulatorOptions.Default();
        await using var emulator = await ConvexEmulator.StartAsync(options);
        var previewKey = Http.Bearer(options.Teams[0].Projects[0].PreviewDeployKey!);

        var prod = await Provision(emulator, Calls.Prod, "production", previewKey);
        var preview = await Provision(emulator, Calls.Preview, "nonproduction", previewKey);

        Assert.Equal("DeploymentNotFound", prod.Code);
        Assert.Equal(HttpStatusCode.OK, preview.Status);
    }

    [Fact]
    public async Task Prod_gets_a_production_environment_with_a_live_key_and_a_repeat_returns_the_same_one()
    {
        await using var emulator = await ConvexEmulator.StartAsync();

        var first = await Provision(emulator, Calls.Prod, "production");
        var second = await Provision(emulator, Calls.Prod, "production");

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.True((bool)first.Json!["newlyProvisioned"]!);
        Assert.False((bool)second.Json!["newlyProvisioned"]!);
        Assert.Equal((string?)first.Json["clientId"], (string?)second.Json["clientId"]);
        Assert.StartsWith("sk_live_", (string?)first.Json["apiKey"]);
        var env = emulator.State.WorkOSEnvironmentFor(Calls.Prod)!;
        Assert.Equal("production", env.EnvironmentType);
        Assert.Null(emulator.State.WorkOSEnvironmentFor(Calls.Dev));
        Assert.Equal(1, emulator.State.WorkOSEnvironmentsCreated);
    }

    [Fact]
    public async Task Preview_and_dev_get_nonproduction_environments_of_their_own_and_production_is_refused_for_them()
    {
        await using var emulator = await ConvexEmulator.StartAsync();

        var refused = await Provision(emulator, Calls.Preview, "production");
        var preview = await Provision(emulator, Calls.Preview, "nonproduction");
        var dev = await Provision(emulator, Calls.Dev, "nonproduction");

        Assert.Equal("InvalidEnvironmentType", refused.Code);
        Assert.StartsWith("sk_test_", (string?)preview.Json!["apiKey"]);
        Assert.NotEqual((string?)preview.Json["clientId"], (string?)dev.Json!["clientId"]);
        Assert.Equal("nonproduction", emulator.State.WorkOSEnvironmentFor(Calls.Preview)!.EnvironmentType);
    }

    [Fact]
    public async Task A_staging_prod_section_may_ask_for_a_nonproduction_environment_on_prod()
    {
        await using var emulator = await ConvexEmulator.StartAsync();

        var reply = await Provision(emulator, Calls.Prod, "nonproduction");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("nonproduction", emulator.State.WorkOSEnvironmentFor(Calls.Prod)!.EnvironmentType);
    }

    [Fact]
    public async Task Spare_preview_listeners_answer_404_until_claimed()
    {
        await using var emulator = await ConvexEmulator.StartAsync();

        var reply = await Http.Get(emulator.OnDeployment("spare-preview-1", "/api/v1/list_environment_variables"), "Convex x");

        Assert.Equal(HttpStatusCode.NotFound, reply.Status);
        Assert.DoesNotContain("spare-preview-1", emulator.State.DeploymentNames);
    }
}
