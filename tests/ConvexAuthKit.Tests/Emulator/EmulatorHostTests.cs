using System.Net;
using ConvexAuthKit.Emulator;

namespace ConvexAuthKit.Tests.Emulator;

public class EmulatorHostTests
{
    [Fact]
    public async Task Default_world_has_the_documented_deployments()
    {
        await using var emulator = await ConvexEmulator.StartAsync();

        Assert.Equal([Calls.Dev, Calls.Prod, Calls.Preview], emulator.State.DeploymentNames);
        Assert.True(emulator.State.TeamHasWorkOSTeam("acme"));
        Assert.False(string.IsNullOrEmpty(emulator.AccessToken));
    }

    [Fact]
    public async Task State_endpoint_shows_variables_and_workos_registrations()
    {
        await using var emulator = await ConvexEmulator.StartAsync();
        var apiKey = await emulator.WorkOSApiKey();
        await Http.Post(emulator.WorkOS("/user_management/redirect_uris"), new { uri = "http://localhost:5173/callback" }, Http.Bearer(apiKey));
        emulator.State.SetDeploymentVariable(Calls.Dev, "WORKOS_CLIENT_ID", "client_x");

        var reply = await Http.Get(emulator.Api("/_emulator/state"));

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var dev = reply.Json!["deployments"]![Calls.Dev]!;
        Assert.Equal("client_x", (string?)dev["environmentVariables"]!["WORKOS_CLIENT_ID"]);
        Assert.Equal("http://localhost:5173/callback", (string?)dev["workos"]!["redirectUris"]![0]);
        Assert.Equal(1, (int)reply.Json["provisioningCalls"]!);
    }

    [Fact]
    public async Task Requests_endpoint_lists_the_log_and_reset_clears_it()
    {
        await using var emulator = await ConvexEmulator.StartAsync();
        await emulator.Authorize(Calls.Dev);

        var before = await Http.Get(emulator.Api("/_emulator/requests"));
        var reset = await Http.Post(emulator.Api("/_emulator/reset-requests"), null);

        Assert.Equal("/api/deployment/authorize_within_current_project", (string?)before.Json!["requests"]![0]!["path"]);
        Assert.Equal(HttpStatusCode.OK, reset.Status);
        Assert.Empty(emulator.Requests);
    }

    [Fact]
    public async Task Arranged_workos_environment_is_usable_without_provisioning()
    {
        await using var emulator = await ConvexEmulator.StartAsync();
        var env = emulator.State.ProvisionWorkOSEnvironment(Calls.Dev);

        var reply = await Http.Post(emulator.WorkOS("/user_management/cors_origins"), new { origin = "http://localhost:3000" }, Http.Bearer(env.ApiKey));

        Assert.Equal(HttpStatusCode.Created, reply.Status);
        Assert.Equal(0, emulator.State.ProvisioningCalls);
    }

    [Fact]
    public async Task Two_emulators_run_side_by_side_on_different_ports()
    {
        await using var a = await ConvexEmulator.StartAsync();
        await using var b = await ConvexEmulator.StartAsync();

        Assert.NotEqual(a.ProvisionHost, b.ProvisionHost);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Http.Get(b.Api($"/api/deployment/{Calls.Dev}/team_and_project"), Http.Bearer(a.AccessToken))).Status);
    }

    [Fact]
    public void Seed_file_replaces_only_the_lists_it_names()
    {
        var options = SeedFile.Parse("""
            {"accessTokens":["seed-token"],
             "teams":[{"id":7,"slug":"solo","hasWorkOSTeam":false,"projects":[{"id":70,"slug":"side"}]}],
             "deployments":[{"name":"quiet-lynx-321","deploymentType":"dev","projectId":70,"variables":{"A":"1"}}]}
            """);

        Assert.Equal(["seed-token"], options.AccessTokens);
        Assert.Equal("solo", Assert.Single(options.Teams).Slug);
        Assert.Equal("1", Assert.Single(options.Deployments).Variables["A"]);
        Assert.Equal(EmulatorOptions.Default().MemberEmails, options.MemberEmails);
    }

    [Fact]
    public async Task Options_without_an_access_token_are_rejected()
    {
        var options = EmulatorOptions.Empty();

        await Assert.ThrowsAsync<ArgumentException>(() => ConvexEmulator.StartAsync(options));
    }
}
