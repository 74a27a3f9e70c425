using ConvexAuthKit.Emulator;
using ConvexAuthKit.Provisioning;

namespace ConvexAuthKit.Tests.Provisioning;

/// <summary>
/// Which WorkOS credentials a run uses, as the CLI decides for dev: the build's own WORKOS_* variables (real
/// environment, .env.local, .env) first, then the deployment's; provision only when the client id or API key is
/// missing; never overwrite a deployment value.
/// </summary>
public sealed class CredentialPrecedenceTests
{
    private const string Dep = FlowWorld.Deployment;

    private const string NextConfig = """
        { "authKit": { "dev": { "localEnvVars": {
          "WORKOS_CLIENT_ID": "${authEnv.WORKOS_CLIENT_ID}",
          "WORKOS_API_KEY": "${authEnv.WORKOS_API_KEY}" } } } }
        """;

    /// <summary>A WorkOS environment that exists, but whose variables are not on the deployment (the user's own).</summary>
    private static WorkOSEnvironment OwnEnvironment(FlowWorld w) => w.Emulator.State.ProvisionWorkOSEnvironment(Dep);

    [Fact]
    public async Task Client_id_and_api_key_in_the_build_environment_are_used_without_provisioning()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        var own = OwnEnvironment(w);
        w.Env("WORKOS_CLIENT_ID", own.ClientId).Env("WORKOS_API_KEY", own.ApiKey);
        var calls = w.Emulator.State.ProvisioningCalls;

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync());

        Assert.Equal(calls, w.Emulator.State.ProvisioningCalls);
        Assert.DoesNotContain(w.Emulator.Requests, r => r.Path.Contains("get_or_provision"));
        Assert.Contains($"VITE_WORKOS_CLIENT_ID={own.ClientId}\n", w.ReadEnvLocal());
    }

    [Fact]
    public async Task Build_values_the_deployment_lacks_are_set_on_it()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        var own = OwnEnvironment(w);
        w.Env("WORKOS_CLIENT_ID", own.ClientId).Env("WORKOS_API_KEY", own.ApiKey).Env("WORKOS_ENVIRONMENT_ID", own.EnvironmentId);

        await w.RunAsync();

        var vars = w.Emulator.State.DeploymentVariables(Dep);
        Assert.Equal(own.ClientId, vars["WORKOS_CLIENT_ID"]);
        Assert.Equal(own.ApiKey, vars["WORKOS_API_KEY"]);
        Assert.Equal(own.EnvironmentId, vars["WORKOS_ENVIRONMENT_ID"]);
    }

    [Fact]
    public async Task Env_local_client_id_and_api_key_are_build_values_too()
    {
        await using var w = await FlowWorld.CreateAsync();
        var own = OwnEnvironment(w);
        w.WithConfigApp(NextConfig, "\"next\": \"15.5.0\"", envLocal: FlowWorld.ViteEnvLocal + $"WORKOS_CLIENT_ID={own.ClientId}\nWORKOS_API_KEY={own.ApiKey}\n");
        var calls = w.Emulator.State.ProvisioningCalls;

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync());

        Assert.Equal(calls, w.Emulator.State.ProvisioningCalls);
        Assert.Equal(own.ClientId, w.Emulator.State.DeploymentVariables(Dep)["WORKOS_CLIENT_ID"]);
    }

    [Fact]
    public async Task Build_values_equal_to_the_deployments_change_nothing_on_it()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        var existing = w.GiveDeploymentWorkOS();
        w.Env("WORKOS_CLIENT_ID", existing.ClientId).Env("WORKOS_API_KEY", existing.ApiKey);

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync());

        Assert.DoesNotContain(w.Emulator.Requests, r => r.Path.Contains("update_environment_variables"));
    }

    [Fact]
    public async Task Client_id_that_differs_from_the_deployments_is_CAK0201_naming_the_variable_and_the_fix()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        var existing = w.GiveDeploymentWorkOS();
        w.Env("WORKOS_CLIENT_ID", "client_from_the_build").Env("WORKOS_API_KEY", existing.ApiKey);

        Assert.Equal(RunStatus.Failed, await w.RunAsync());

        var error = Assert.Single(w.Reporter.Errors);
        Assert.Equal("CAK0201", error.Code);
        Assert.Contains("WORKOS_CLIENT_ID in the build environment", error.Text);
        Assert.Contains("npx convex env remove WORKOS_CLIENT_ID", error.Text);
        Assert.Equal(existing.ClientId, w.Emulator.State.DeploymentVariables(Dep)["WORKOS_CLIENT_ID"]);
        Assert.Equal(FlowWorld.ViteEnvLocal, w.ReadEnvLocal());
    }

    [Fact]
    public async Task Mismatch_from_env_local_names_env_local()
    {
        await using var w = await FlowWorld.CreateAsync();
        var existing = w.GiveDeploymentWorkOS();
        w.WithConfigApp(NextConfig, "\"next\": \"15.5.0\"", envLocal: FlowWorld.ViteEnvLocal + $"WORKOS_CLIENT_ID=client_old\nWORKOS_API_KEY={existing.ApiKey}\n");

        Assert.Equal(RunStatus.Failed, await w.RunAsync());

        var error = Assert.Single(w.Reporter.Errors);
        Assert.Equal("CAK0201", error.Code);
        Assert.Contains("WORKOS_CLIENT_ID in ClientApp/.env.local", error.Text.Replace('\\', '/'));
    }

    [Fact]
    public async Task Api_key_mismatch_is_CAK0201_and_shows_neither_key()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        var existing = w.GiveDeploymentWorkOS();
        w.Env("WORKOS_CLIENT_ID", existing.ClientId).Env("WORKOS_API_KEY", "sk_test_from_the_build_0123456789");

        Assert.Equal(RunStatus.Failed, await w.RunAsync());

        var error = Assert.Single(w.Reporter.Errors);
        Assert.Equal("CAK0201", error.Code);
        Assert.Contains("npx convex env remove WORKOS_API_KEY", error.Text);
        Assert.DoesNotContain(existing.ApiKey, w.Reporter.AllText);
        Assert.DoesNotContain("sk_test_from_the_build_0123456789", w.Reporter.AllText);
    }

    [Fact]
    public async Task Environment_id_mismatch_is_CAK0201()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        var existing = w.GiveDeploymentWorkOS();
        w.Env("WORKOS_CLIENT_ID", existing.ClientId).Env("WORKOS_API_KEY", existing.ApiKey).Env("WORKOS_ENVIRONMENT_ID", "environment_other");

        Assert.Equal(RunStatus.Failed, await w.RunAsync());

        Assert.Contains("WORKOS_ENVIRONMENT_ID", Assert.Single(w.Reporter.Errors, e => e.Code == "CAK0201").Text);
    }

    [Fact]
    public async Task Real_environment_wins_over_env_local()
    {
        await using var w = await FlowWorld.CreateAsync();
        var own = OwnEnvironment(w);
        w.WithViteApp(envLocal: FlowWorld.ViteEnvLocal + "WORKOS_CLIENT_ID=client_stale\nWORKOS_API_KEY=sk_stale\n")
            .Env("WORKOS_CLIENT_ID", own.ClientId).Env("WORKOS_API_KEY", own.ApiKey);

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync());

        Assert.Equal(own.ClientId, w.Emulator.State.DeploymentVariables(Dep)["WORKOS_CLIENT_ID"]);
    }

    [Fact]
    public async Task Empty_build_value_counts_as_unset()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp().Env("WORKOS_CLIENT_ID", "").Env("WORKOS_API_KEY", "");

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync());

        Assert.Equal(1, w.Emulator.State.WorkOSEnvironmentsCreated);
    }

    [Fact]
    public async Task Build_client_id_without_an_api_key_is_CAK0202_instead_of_being_ignored()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp().Env("WORKOS_CLIENT_ID", "client_mine");

        Assert.Equal(RunStatus.Failed, await w.RunAsync());

        var error = Assert.Single(w.Reporter.Errors);
        Assert.Equal("CAK0202", error.Code);
        Assert.Contains("WORKOS_API_KEY", error.Text);
        Assert.Equal(0, w.Emulator.State.ProvisioningCalls);
        Assert.Empty(w.Emulator.State.DeploymentVariables(Dep));
    }

    [Theory]
    [InlineData(false, false, true)]
    [InlineData(false, true, false)]
    [InlineData(true, true, false)]
    [InlineData(false, true, true)]
    public async Task Partial_deployment_variables_are_CAK0202_and_never_provisioned_over(bool clientId, bool environmentId, bool apiKey)
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        w.GiveDeploymentWorkOS(clientId, environmentId, apiKey);
        var before = w.Emulator.State.DeploymentVariables(Dep).ToDictionary(p => p.Key, p => p.Value);
        var calls = w.Emulator.State.ProvisioningCalls;

        Assert.Equal(RunStatus.Failed, await w.RunAsync());

        Assert.Equal("CAK0202", Assert.Single(w.Reporter.Errors).Code);
        Assert.Equal(before, w.Emulator.State.DeploymentVariables(Dep));
        Assert.Equal(calls, w.Emulator.State.ProvisioningCalls);
    }

    [Fact]
    public async Task Deployment_client_id_plus_build_api_key_is_completed_without_overwriting()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        var existing = w.GiveDeploymentWorkOS(environmentId: false, apiKey: false);
        w.Env("WORKOS_API_KEY", existing.ApiKey);

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync());

        var vars = w.Emulator.State.DeploymentVariables(Dep);
        Assert.Equal(existing.ClientId, vars["WORKOS_CLIENT_ID"]);
        Assert.Equal(existing.ApiKey, vars["WORKOS_API_KEY"]);
    }

    [Fact]
    public async Task Dry_run_only_says_it_would_set_the_build_values()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        var own = OwnEnvironment(w);
        w.Env("WORKOS_CLIENT_ID", own.ClientId).Env("WORKOS_API_KEY", own.ApiKey);
        var options = w.Options();
        options.Mode = ProvisioningMode.DryRun;

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync(options: options));

        Assert.Empty(w.Emulator.State.DeploymentVariables(Dep));
        Assert.Contains(w.Reporter.Reports, r => r.Text.Contains("would set WORKOS_CLIENT_ID, WORKOS_API_KEY on " + Dep));
    }
}
