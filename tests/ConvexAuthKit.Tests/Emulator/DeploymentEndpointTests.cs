using System.Net;
using ConvexAuthKit.Emulator;

namespace ConvexAuthKit.Tests.Emulator;

public class DeploymentEndpointTests
{
    private const string List = "/api/v1/list_environment_variables";
    private const string Update = "/api/v1/update_environment_variables";

    private static object Changes(params (string Name, string? Value)[] changes) =>
        new { changes = changes.Select(c => new { name = c.Name, value = c.Value }).ToArray() };

    [Fact]
    public async Task List_returns_the_deployments_variables()
    {
        var options = EmulatorOptions.Default();
        options.Deployments[0].Variables["WORKOS_CLIENT_ID"] = "client_seeded";
        await using var emulator = await ConvexEmulator.StartAsync(options);

        var reply = await Http.Get(emulator.OnDeployment(Calls.Dev, List), Http.Convex(await emulator.AdminKey()));

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("client_seeded", (string?)reply.Json!["environmentVariables"]!["WORKOS_CLIENT_ID"]);
    }

    [Fact]
    public async Task Update_sets_variables_and_answers_an_empty_object()
    {
        await using var emulator = await ConvexEmulator.StartAsync();

        var reply = await Http.Post(emulator.OnDeployment(Calls.Dev, Update),
            Changes(("WORKOS_CLIENT_ID", "client_1"), ("WORKOS_API_KEY", "sk_test_1")), Http.Convex(await emulator.AdminKey()));

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("{}", reply.Text);
        Assert.Equal("client_1", emulator.State.DeploymentVariables(Calls.Dev)["WORKOS_CLIENT_ID"]);
        Assert.Equal("sk_test_1", emulator.State.DeploymentVariables(Calls.Dev)["WORKOS_API_KEY"]);
    }

    [Fact]
    public async Task Update_with_a_null_value_deletes_the_variable()
    {
        await using var emulator = await ConvexEmulator.StartAsync();
        emulator.State.SetDeploymentVariable(Calls.Dev, "OLD", "x");

        await Http.Post(emulator.OnDeployment(Calls.Dev, Update), Changes(("OLD", null)), Http.Convex(await emulator.AdminKey()));

        Assert.False(emulator.State.DeploymentVariables(Calls.Dev).ContainsKey("OLD"));
    }

    [Fact]
    public async Task Cli_update_path_has_the_same_effect()
    {
        await using var emulator = await ConvexEmulator.StartAsync();

        var reply = await Http.Post(emulator.OnDeployment(Calls.Dev, "/api/update_environment_variables"),
            Changes(("WORKOS_ENVIRONMENT_ID", "environment_1")), Http.Convex(await emulator.AdminKey()));

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("environment_1", emulator.State.DeploymentVariables(Calls.Dev)["WORKOS_ENVIRONMENT_ID"]);
    }

    [Theory]
    [InlineData("1STARTS_WITH_DIGIT")]
    [InlineData("HAS-DASH")]
    [InlineData("")]
    [InlineData("A_NAME_THAT_IS_MUCH_TOO_LONG_FOR_CONVEX_1234")]
    public async Task Update_with_an_invalid_name_is_400_and_changes_nothing(string name)
    {
        await using var emulator = await ConvexEmulator.StartAsync();

        var reply = await Http.Post(emulator.OnDeployment(Calls.Dev, Update),
            Changes(("GOOD_NAME", "1"), (name, "2")), Http.Convex(await emulator.AdminKey()));

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("InvalidEnvironmentVariableName", reply.Code);
        Assert.Empty(emulator.State.DeploymentVariables(Calls.Dev));
    }

    [Fact]
    public async Task Missing_admin_key_is_401_BadAdminKey()
    {
        await using var emulator = await ConvexEmulator.StartAsync();

        var reply = await Http.Get(emulator.OnDeployment(Calls.Dev, List));

        Assert.Equal(HttpStatusCode.Unauthorized, reply.Status);
        Assert.Equal("BadAdminKey", reply.Code);
    }

    [Fact]
    public async Task Admin_key_of_another_deployment_is_401_BadAdminKey()
    {
        await using var emulator = await ConvexEmulator.StartAsync();
        var prodKey = await emulator.AdminKey(Calls.Prod);

        var reply = await Http.Get(emulator.OnDeployment(Calls.Dev, List), Http.Convex(prodKey));

        Assert.Equal(HttpStatusCode.Unauthorized, reply.Status);
        Assert.Equal("BadAdminKey", reply.Code);
    }

    [Fact]
    public async Task Deployment_deploy_key_works_as_an_admin_key()
    {
        var options = EmulatorOptions.Default();
        var deployKey = options.Deployments.Single(d => d.Name == Calls.Dev).DeployKey!;
        await using var emulator = await ConvexEmulator.StartAsync(options);

        var reply = await Http.Get(emulator.OnDeployment(Calls.Dev, List), Http.Convex(deployKey));

        Assert.Equal(HttpStatusCode.OK, reply.Status);
    }

    [Fact]
    public async Task Each_deployment_has_its_own_origin()
    {
        await using var emulator = await ConvexEmulator.StartAsync();

        var origins = new[] { emulator.ProvisionHost, emulator.WorkOSApiUrl, emulator.DeploymentUrl(Calls.Dev), emulator.DeploymentUrl(Calls.Prod), emulator.DeploymentUrl(Calls.Preview) };

        Assert.Equal(origins.Length, origins.Distinct().Count());
        Assert.All(origins, o => Assert.Matches("^http://127\\.0\\.0\\.1:\\d+$", o));
    }

    [Fact]
    public async Task Writing_through_one_deployment_origin_does_not_touch_another()
    {
        await using var emulator = await ConvexEmulator.StartAsync();

        await Http.Post(emulator.OnDeployment(Calls.Prod, Update), Changes(("ONLY_PROD", "1")), Http.Convex(await emulator.AdminKey(Calls.Prod)));

        Assert.True(emulator.State.DeploymentVariables(Calls.Prod).ContainsKey("ONLY_PROD"));
        Assert.Empty(emulator.State.DeploymentVariables(Calls.Dev));
    }
}
