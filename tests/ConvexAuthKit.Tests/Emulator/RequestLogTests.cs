using System.Net;
using ConvexAuthKit.Emulator;

namespace ConvexAuthKit.Tests.Emulator;

public class RequestLogTests
{
    [Fact]
    public async Task Requests_are_recorded_in_order_with_service_method_path_and_status()
    {
        await using var emulator = await ConvexEmulator.StartAsync();
        var adminKey = await emulator.AdminKey();

        await Http.Get(emulator.OnDeployment(Calls.Dev, "/api/v1/list_environment_variables?x=1"), Http.Convex(adminKey));
        await Http.Post(emulator.WorkOS("/user_management/cors_origins"), new { origin = "http://localhost:5173" }, Http.Bearer("sk_test_wrong"));

        var log = emulator.Requests;
        Assert.Equal(3, log.Count);
        Assert.Equal(("bigbrain", "POST", "/api/deployment/authorize_within_current_project", 200), (log[0].Service, log[0].Method, log[0].Path, log[0].Status));
        Assert.Equal(("deployment:happy-animal-123", "GET", "/api/v1/list_environment_variables?x=1", 200), (log[1].Service, log[1].Method, log[1].Path, log[1].Status));
        Assert.Equal(("workos", "POST", 401), (log[2].Service, log[2].Method, log[2].Status));
        Assert.True(log[0].Timestamp <= log[1].Timestamp && log[1].Timestamp <= log[2].Timestamp);
    }

    [Fact]
    public async Task Secret_values_in_bodies_are_masked()
    {
        var options = EmulatorOptions.Default();
        var deployKey = options.Deployments.Single(d => d.Name == Calls.Dev).DeployKey!;
        await using var emulator = await ConvexEmulator.StartAsync(options);
        var adminKey = await emulator.AdminKey();
        var apiKey = await emulator.WorkOSApiKey();

        await Http.Post(emulator.Api("/api/deployment/url_for_key"), new { deployKey });
        await Http.Post(emulator.OnDeployment(Calls.Dev, "/api/v1/update_environment_variables"),
            new { changes = new[] { new { name = "WORKOS_API_KEY", value = apiKey }, new { name = "MY_OWN_SECRET", value = "never-issued-value" } } },
            Http.Convex(adminKey));

        var bodies = string.Join("\n", emulator.Requests.Select(r => r.Body));
        Assert.DoesNotContain(deployKey, bodies);
        Assert.DoesNotContain(apiKey, bodies);
        Assert.DoesNotContain("never-issued-value", bodies);
        Assert.Contains("\"name\":\"WORKOS_API_KEY\"", bodies);
        Assert.Contains("***", bodies);
    }

    [Fact]
    public async Task Authorization_header_is_never_recorded()
    {
        await using var emulator = await ConvexEmulator.StartAsync();

        await emulator.Authorize(Calls.Dev);

        var recorded = emulator.Requests.Single();
        Assert.DoesNotContain(recorded.Headers.Keys, k => k.Equals("authorization", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(recorded.Headers.Values, v => v.Contains(emulator.AccessToken));
    }

    [Fact]
    public async Task Issued_secrets_include_tokens_admin_keys_and_workos_keys()
    {
        await using var emulator = await ConvexEmulator.StartAsync();
        var adminKey = await emulator.AdminKey();
        var apiKey = await emulator.WorkOSApiKey();

        var secrets = emulator.IssuedSecrets();

        Assert.Contains(emulator.AccessToken, secrets);
        Assert.Contains(adminKey, secrets);
        Assert.Contains(apiKey, secrets);
        Assert.Contains(secrets, s => s.StartsWith("project:acme:my-app|"));
        Assert.Contains(secrets, s => s.StartsWith("dev:happy-animal-123|") && s != adminKey);
    }

    [Fact]
    public async Task Clear_requests_empties_the_log()
    {
        await using var emulator = await ConvexEmulator.StartAsync();
        await emulator.Authorize(Calls.Dev);

        emulator.ClearRequests();

        Assert.Empty(emulator.Requests);
    }

    [Fact]
    public async Task Emulator_admin_endpoints_are_not_recorded()
    {
        await using var emulator = await ConvexEmulator.StartAsync();

        await Http.Get(emulator.Api("/_emulator/state"));
        await Http.Get(emulator.Api("/_emulator/requests"));

        Assert.Empty(emulator.Requests);
    }
}
