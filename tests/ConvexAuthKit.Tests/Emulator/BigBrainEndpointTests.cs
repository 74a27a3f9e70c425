using System.Net;
using ConvexAuthKit.Emulator;

namespace ConvexAuthKit.Tests.Emulator;

public class BigBrainEndpointTests
{
    [Fact]
    public async Task Authorize_returns_a_dev_admin_key_and_the_deployments_own_origin()
    {
        await using var emulator = await ConvexEmulator.StartAsync();

        var reply = await emulator.Authorize(Calls.Dev);

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal(Calls.Dev, (string?)reply.Json!["deploymentName"]);
        Assert.Equal("dev", (string?)reply.Json["deploymentType"]);
        Assert.Equal(emulator.DeploymentUrl(Calls.Dev), (string?)reply.Json["url"]);
        Assert.Matches("^dev:happy-animal-123\\|[0-9a-f]{64}$", (string?)reply.Json["adminKey"]);
    }

    [Fact]
    public async Task Authorize_prefixes_the_admin_key_with_the_deployment_type()
    {
        await using var emulator = await ConvexEmulator.StartAsync();

        var reply = await emulator.Authorize(Calls.Prod, "prod");

        Assert.StartsWith("prod:sober-otter-456|", (string?)reply.Json!["adminKey"]);
        Assert.Equal("prod", (string?)reply.Json["deploymentType"]);
    }

    [Fact]
    public async Task Authorize_for_an_unknown_deployment_is_404_DeploymentNotFound()
    {
        await using var emulator = await ConvexEmulator.StartAsync();

        var reply = await emulator.Authorize("no-such-deployment");

        Assert.Equal(HttpStatusCode.NotFound, reply.Status);
        Assert.Equal("DeploymentNotFound", reply.Code);
    }

    [Fact]
    public async Task Request_without_a_token_is_401_Unauthenticated()
    {
        await using var emulator = await ConvexEmulator.StartAsync();

        var reply = await Http.Post(emulator.Api("/api/deployment/authorize_within_current_project"), Calls.AuthorizeBody(Calls.Dev));

        Assert.Equal(HttpStatusCode.Unauthorized, reply.Status);
        Assert.Equal("Unauthenticated", reply.Code);
    }

    [Fact]
    public async Task Request_with_an_unknown_token_is_401_Unauthenticated()
    {
        await using var emulator = await ConvexEmulator.StartAsync();

        var reply = await Http.Post(emulator.Api("/api/workos/has_associated_workos_team"), new { deploymentName = Calls.Dev }, Http.Bearer("not-a-token"));

        Assert.Equal(HttpStatusCode.Unauthorized, reply.Status);
        Assert.Equal("Unauthenticated", reply.Code);
    }

    [Fact]
    public async Task Project_deploy_key_is_accepted_as_a_bearer_token()
    {
        var options = EmulatorOptions.Default();
        var projectKey = options.Teams[0].Projects[0].DeployKey!;
        await using var emulator = await ConvexEmulator.StartAsync(options);

        var reply = await Http.Post(emulator.Api("/api/deployment/authorize_within_current_project"), Calls.AuthorizeBody(Calls.Dev), Http.Bearer(projectKey));

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.StartsWith("project:acme:my-app|", projectKey);
    }

    [Fact]
    public async Task Provision_and_authorize_returns_the_projects_deployment_of_the_requested_type()
    {
        await using var emulator = await ConvexEmulator.StartAsync();

        var reply = await Http.Post(emulator.Api("/api/deployment/provision_and_authorize"),
            new { teamSlug = "acme", projectSlug = "my-app", deploymentType = "dev" }, Http.Bearer(emulator.AccessToken));

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal(Calls.Dev, (string?)reply.Json!["deploymentName"]);
        Assert.Equal(emulator.DeploymentUrl(Calls.Dev), (string?)reply.Json["url"]);
        Assert.StartsWith("dev:happy-animal-123|", (string?)reply.Json["adminKey"]);
    }

    [Fact]
    public async Task Team_and_project_returns_slugs_and_ids()
    {
        await using var emulator = await ConvexEmulator.StartAsync();

        var reply = await Http.Get(emulator.Api($"/api/deployment/{Calls.Dev}/team_and_project"), Http.Bearer(emulator.AccessToken));

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("acme", (string?)reply.Json!["team"]);
        Assert.Equal("my-app", (string?)reply.Json["project"]);
        Assert.Equal(101, (long)reply.Json["teamId"]!);
        Assert.Equal(201, (long)reply.Json["projectId"]!);
    }

    [Fact]
    public async Task Team_and_project_for_an_unknown_deployment_is_404_DeploymentNotFound()
    {
        await using var emulator = await ConvexEmulator.StartAsync();

        var reply = await Http.Get(emulator.Api("/api/deployment/nope-nope-000/team_and_project"), Http.Bearer(emulator.AccessToken));

        Assert.Equal(HttpStatusCode.NotFound, reply.Status);
        Assert.Equal("DeploymentNotFound", reply.Code);
    }

    [Fact]
    public async Task Has_associated_workos_team_is_true_for_the_default_team()
    {
        await using var emulator = await ConvexEmulator.StartAsync();

        var reply = await Http.Post(emulator.Api("/api/workos/has_associated_workos_team"), new { deploymentName = Calls.Dev }, Http.Bearer(emulator.AccessToken));

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.True((bool)reply.Json!["hasAssociatedWorkosTeam"]!);
        Assert.Equal(101, (long)reply.Json["teamId"]!);
        Assert.Equal(EmulatorOptions.DefaultWorkOSAdminEmail, (string?)reply.Json["adminEmail"]);
    }

    [Fact]
    public async Task Has_associated_workos_team_is_false_with_null_email_when_the_team_has_none()
    {
        await using var emulator = await ConvexEmulator.StartAsync(Calls.WithoutWorkOSTeam());

        var reply = await Http.Post(emulator.Api("/api/workos/has_associated_workos_team"), new { deploymentName = Calls.Dev }, Http.Bearer(emulator.AccessToken));

        Assert.False((bool)reply.Json!["hasAssociatedWorkosTeam"]!);
        Assert.Null(reply.Json["adminEmail"]);
    }

    [Fact]
    public async Task Get_or_provision_returns_ids_in_workos_formats()
    {
        await using var emulator = await ConvexEmulator.StartAsync();

        var reply = await emulator.GetOrProvision();

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Matches("^environment_01[0-9A-HJKMNP-TV-Z]{24}$", (string?)reply.Json!["environmentId"]);
        Assert.Matches("^client_01[0-9A-HJKMNP-TV-Z]{24}$", (string?)reply.Json["clientId"]);
        Assert.StartsWith("sk_test_", (string?)reply.Json["apiKey"]);
        Assert.Equal(Calls.Dev, (string?)reply.Json["environmentName"]);
        Assert.True((bool)reply.Json["newlyProvisioned"]!);
    }

    [Fact]
    public async Task Get_or_provision_repeated_returns_the_same_environment_not_newly_provisioned()
    {
        await using var emulator = await ConvexEmulator.StartAsync();
        var first = await emulator.GetOrProvision();

        var second = await emulator.GetOrProvision();

        Assert.False((bool)second.Json!["newlyProvisioned"]!);
        foreach (var field in new[] { "environmentId", "clientId", "apiKey" })
            Assert.Equal((string?)first.Json![field], (string?)second.Json[field]);
        Assert.Equal(2, emulator.State.ProvisioningCalls);
        Assert.Equal(1, emulator.State.WorkOSEnvironmentsCreated);
    }

    [Fact]
    public async Task Get_or_provision_leaves_the_deployment_variables_alone()
    {
        await using var emulator = await ConvexEmulator.StartAsync();

        await emulator.GetOrProvision();

        Assert.Empty(emulator.State.DeploymentVariables(Calls.Dev));
        Assert.NotNull(emulator.State.WorkOSEnvironmentFor(Calls.Dev));
    }

    [Fact]
    public async Task Get_or_provision_without_a_workos_team_is_400_WorkOSTeamNotProvisioned()
    {
        await using var emulator = await ConvexEmulator.StartAsync(Calls.WithoutWorkOSTeam());

        var reply = await emulator.GetOrProvision();

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("WorkOSTeamNotProvisioned", reply.Code);
    }


    [Fact]
    public async Task Get_or_provision_for_an_unknown_deployment_is_404_DeploymentNotFound()
    {
        await using var emulator = await ConvexEmulator.StartAsync();

        var reply = await emulator.GetOrProvision("ghost-deployment-000");

        Assert.Equal(HttpStatusCode.NotFound, reply.Status);
        Assert.Equal("DeploymentNotFound", reply.Code);
    }

    [Fact]
    public async Task Get_or_provision_with_a_deployment_deploy_key_is_refused()
    {
        var options = EmulatorOptions.Default();
        var deployKey = options.Deployments.Single(d => d.Name == Calls.Dev).DeployKey!;
        await using var emulator = await ConvexEmulator.StartAsync(options);

        var reply = await emulator.GetOrProvision(authorization: Http.Bearer(deployKey));

        Assert.Equal(HttpStatusCode.Forbidden, reply.Status);
        Assert.Equal("DeploymentKeyCannotProvision", reply.Code);
    }

    [Fact]
    public async Task Available_emails_splits_member_emails_into_available_and_used()
    {
        await using var emulator = await ConvexEmulator.StartAsync();

        var reply = await Http.Get(emulator.Api("/api/workos/available_workos_team_emails"), Http.Bearer(emulator.AccessToken));

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal([EmulatorOptions.DefaultMemberEmail], reply.Json!["availableEmails"]!.AsArray().Select(e => (string)e!));
        Assert.Equal([EmulatorOptions.DefaultWorkOSAdminEmail], reply.Json["usedEmails"]!.AsArray().Select(e => (string)e!));
    }

    [Fact]
    public async Task Provision_associated_workos_team_creates_the_team()
    {
        await using var emulator = await ConvexEmulator.StartAsync(Calls.WithoutWorkOSTeam());

        var reply = await Http.Post(emulator.Api("/api/workos/provision_associated_workos_team"),
            new { teamId = 101, email = "dev@example.com" }, Http.Bearer(emulator.AccessToken));

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.StartsWith("team_", (string?)reply.Json!["workosTeamId"]);
        Assert.Equal("Acme", (string?)reply.Json["workosTeamName"]);
        Assert.Equal("dev@example.com", (string?)reply.Json["adminEmail"]);
        Assert.True(emulator.State.TeamHasWorkOSTeam("acme"));
    }

    [Fact]
    public async Task Provision_associated_workos_team_with_a_used_email_is_400_WorkosAccountAlreadyExistsWithThisEmail()
    {
        var options = Calls.WithoutWorkOSTeam();
        options.ExistingWorkOSAccountEmails.Add("dev@example.com");
        await using var emulator = await ConvexEmulator.StartAsync(options);

        var reply = await Http.Post(emulator.Api("/api/workos/provision_associated_workos_team"),
            new { teamId = 101, email = "dev@example.com" }, Http.Bearer(emulator.AccessToken));

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("WorkosAccountAlreadyExistsWithThisEmail", reply.Code);
        Assert.False(emulator.State.TeamHasWorkOSTeam("acme"));
    }

    [Fact]
    public async Task Provision_associated_workos_team_when_the_team_has_one_is_400()
    {
        await using var emulator = await ConvexEmulator.StartAsync();

        var reply = await Http.Post(emulator.Api("/api/workos/provision_associated_workos_team"),
            new { teamId = 101, email = "dev@example.com" }, Http.Bearer(emulator.AccessToken));

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("WorkosTeamAlreadyProvisioned", reply.Code);
    }

    [Fact]
    public async Task Url_for_key_returns_the_deployment_origin_as_a_json_string()
    {
        var options = EmulatorOptions.Default();
        var deployKey = options.Deployments.Single(d => d.Name == Calls.Dev).DeployKey!;
        await using var emulator = await ConvexEmulator.StartAsync(options);

        var reply = await Http.Post(emulator.Api("/api/deployment/url_for_key"), new { deployKey });

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal(emulator.DeploymentUrl(Calls.Dev), reply.Json!.GetValue<string>());
    }

    [Fact]
    public async Task Url_for_key_with_an_unknown_key_is_400()
    {
        await using var emulator = await ConvexEmulator.StartAsync();

        var reply = await Http.Post(emulator.Api("/api/deployment/url_for_key"), new { deployKey = "dev:happy-animal-123|bogus" });

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("InvalidDeployKey", reply.Code);
    }

    [Fact]
    public async Task Unknown_route_is_404_even_without_a_token()
    {
        await using var emulator = await ConvexEmulator.StartAsync();

        var reply = await Http.Get(emulator.Api("/api/nothing_here"));

        Assert.Equal(HttpStatusCode.NotFound, reply.Status);
        Assert.Equal("NotFound", reply.Code);
    }

    [Fact]
    public async Task Malformed_json_body_is_400()
    {
        await using var emulator = await ConvexEmulator.StartAsync();

        var reply = await Http.Post(emulator.Api("/api/workos/has_associated_workos_team"), "{not json", Http.Bearer(emulator.AccessToken));

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("BadJsonBody", reply.Code);
    }
}
