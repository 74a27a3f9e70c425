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
    public async Task A_member_cannot_create_a_preview_by_name_but_a_preview_deploy_key_can_and_a_repeat_reuses_it()
    {
        var options = EmulatorOptions.Default();
        await using var emulator = await ConvexEmulator.StartAsync(options);
        var previewKey = options.Teams[0].Projects[0].PreviewDeployKey!;

        var byMember = await AuthorizePreview(emulator, "feature-new", Slugs);
        var created = await AuthorizePreview(emulator, "feature-new", Slugs, Http.Bearer(previewKey));
        var again = await AuthorizePreview(emulator, "feature-new", Slugs, Http.Bearer(previewKey));

        Assert.Equal("DeploymentNotFound", byMember.Code);
        Assert.Equal(HttpStatusCode.OK, created.Status);
        var name = (string)created.Json!["deploymentName"]!;
        Assert.Equal(name, (string?)again.Json!["deploymentName"]);
        Assert.Equal(name, emulator.State.PreviewDeploymentNamed("feature-new"));
        Assert.Equal("preview", emulator.State.DeploymentType(name));
        // The new deployment answers on its own origin with the admin key it was given.
        var list = await Http.Get(emulator.OnDeployment(name, "/api/v1/list_environment_variables"), "Convex " + (string)created.Json["adminKey"]!);
        Assert.Equal(HttpStatusCode.OK, list.Status);
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
