using ConvexAuthKit.Emulator;
using ConvexAuthKit.Provisioning;

namespace ConvexAuthKit.Tests.Provisioning;

/// <summary>
/// Which WorkOS credentials a run uses, as the CLI (1.48) decides for dev: the client id and environment id from the
/// build (real environment, .env.local, .env) first, then the deployment's; the API key from the deployment only;
/// provision when the client id or API key is missing; never overwrite a deployment value.
/// </summary>
public sealed class CredentialPrecedenceTests
{
    private const string Dep = FlowWorld.Deployment;

    private const string NextConfig = """
        { "authKit": { "dev": { "localEnvVars": {
          "WORKOS_CLIENT_ID": "${authEnv.WORKOS_CLIENT_ID}",
          "WORKOS_API_KEY": "${authEnv.WORKOS_API_KEY}" } } } }
        """;

    /// <summary>A WorkOS environment that exists, but whose variables are not on the deployment (the one provisioning it returns).</summary>
    private static WorkOSEnvironment OwnEnvironment(FlowWorld w) => w.Emulator.State.ProvisionWorkOSEnvironment(Dep);

    /// <summary>A real WorkOS environment that is not the one provisioning the deployment returns (the user's own).</summary>
    private static WorkOSEnvironment OtherEnvironment(FlowWorld w) => w.Emulator.State.ProvisionWorkOSEnvironment(EmulatorOptions.DefaultProdDeployment);

    // Real-shaped values that belong to no environment.
    private const string OtherClientId = "client_01JA4BGY6RK3NHY7NM0NWGPZBG";
    private const string OtherEnvironmentId = "environment_01JA4BGY6RK3NHY7NM0NWGPZBG";
    private const string OtherApiKey = "sk_test_fromTheBuild0123456789abcdefghij";

    [Fact]
    public async Task Build_api_key_is_never_a_credential_for_dev_so_the_deployment_is_provisioned()
    {
        // Before: the build's client id + API key were used as they were and set on the deployment (no provisioning);
        // the CLI takes the key from the deployment only and provisions.
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        var own = OwnEnvironment(w);
        w.Env("WORKOS_CLIENT_ID", own.ClientId).Env("WORKOS_API_KEY", own.ApiKey);
        var calls = w.Emulator.State.ProvisioningCalls;

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync());

        Assert.Equal(calls + 1, w.Emulator.State.ProvisioningCalls);
        Assert.Contains(w.Emulator.Requests, r => r.Path.Contains("get_or_provision"));
        var vars = w.Emulator.State.DeploymentVariables(Dep);
        Assert.Equal(new[] { own.ClientId, own.EnvironmentId, own.ApiKey }, new[] { vars["WORKOS_CLIENT_ID"], vars["WORKOS_ENVIRONMENT_ID"], vars["WORKOS_API_KEY"] });
        Assert.Contains($"VITE_WORKOS_CLIENT_ID={own.ClientId}\n", w.ReadEnvLocal());
    }

    [Fact]
    public async Task Build_values_of_another_environment_are_CAK0201_after_the_deployment_is_provisioned_as_the_cli_leaves_it()
    {
        await using var w = await FlowWorld.CreateAsync();
        var other = OtherEnvironment(w);
        w.WithConfigApp(NextConfig, "\"next\": \"15.5.0\"", envLocal: FlowWorld.ViteEnvLocal + $"WORKOS_CLIENT_ID={other.ClientId}\nWORKOS_API_KEY={other.ApiKey}\n");
        var before = w.ReadEnvLocal();

        Assert.Equal(RunStatus.Failed, await w.RunAsync());

        var error = Assert.Single(w.Reporter.Errors);
        Assert.Equal("CAK0201", error.Code);
        Assert.Contains("WORKOS_CLIENT_ID in ClientApp/.env.local and WORKOS_API_KEY in ClientApp/.env.local", error.Text.Replace('\\', '/'));
        Assert.DoesNotContain(other.ApiKey, w.Reporter.AllText);
        // The deployment ends as the CLI leaves it: the provisioned environment, all three variables.
        var provisioned = w.Emulator.State.WorkOSEnvironmentFor(Dep)!;
        var vars = w.Emulator.State.DeploymentVariables(Dep);
        Assert.Equal(new[] { provisioned.ClientId, provisioned.EnvironmentId, provisioned.ApiKey }, new[] { vars["WORKOS_CLIENT_ID"], vars["WORKOS_ENVIRONMENT_ID"], vars["WORKOS_API_KEY"] });
        // The user's own values are never overwritten, and the build's key was never sent to the deployment.
        Assert.Equal(before, w.ReadEnvLocal());
        Assert.DoesNotContain(w.Emulator.Requests, r => r.Path.Contains("update_environment_variables") && r.Body.Contains(other.ClientId));

        // The next build stops at the same mismatch, before any change.
        Assert.Equal(RunStatus.Failed, await w.RunAsync());
        Assert.Equal("CAK0201", Assert.Single(w.Reporter.Errors).Code);
        Assert.Equal(before, w.ReadEnvLocal());
    }

    [Fact]
    public async Task Build_client_id_and_environment_id_the_deployment_lacks_are_set_on_it()
    {
        // Before, the build's API key was copied too; now the deployment must already have it (as with the CLI).
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        var own = w.GiveDeploymentWorkOS(clientId: false, environmentId: false, apiKey: true);
        w.Env("WORKOS_CLIENT_ID", own.ClientId).Env("WORKOS_API_KEY", own.ApiKey).Env("WORKOS_ENVIRONMENT_ID", own.EnvironmentId);
        var calls = w.Emulator.State.ProvisioningCalls;

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync());

        var vars = w.Emulator.State.DeploymentVariables(Dep);
        Assert.Equal(own.ClientId, vars["WORKOS_CLIENT_ID"]);
        Assert.Equal(own.ApiKey, vars["WORKOS_API_KEY"]);
        Assert.Equal(own.EnvironmentId, vars["WORKOS_ENVIRONMENT_ID"]);
        Assert.Equal(calls, w.Emulator.State.ProvisioningCalls);
        var update = Assert.Single(w.Emulator.Requests, r => r.Path.Contains("update_environment_variables"));
        Assert.DoesNotContain("WORKOS_API_KEY", update.Body);
    }

    [Fact]
    public async Task Env_local_client_id_is_a_build_value_too_and_its_api_key_is_not()
    {
        // Before: .env.local's client id + API key were used without provisioning.
        await using var w = await FlowWorld.CreateAsync();
        var own = OwnEnvironment(w);
        w.WithConfigApp(NextConfig, "\"next\": \"15.5.0\"", envLocal: FlowWorld.ViteEnvLocal + $"WORKOS_CLIENT_ID={own.ClientId}\nWORKOS_API_KEY={own.ApiKey}\n");
        var calls = w.Emulator.State.ProvisioningCalls;
        var before = w.ReadEnvLocal();

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync());

        Assert.Equal(calls + 1, w.Emulator.State.ProvisioningCalls);
        Assert.Equal(own.ClientId, w.Emulator.State.DeploymentVariables(Dep)["WORKOS_CLIENT_ID"]);
        Assert.StartsWith(before, w.ReadEnvLocal()); // only the cookie password is added
    }

    [Fact]
    public async Task Deployment_api_key_with_a_build_client_id_is_completed_without_provisioning()
    {
        await using var w = await FlowWorld.CreateAsync();
        var own = w.GiveDeploymentWorkOS(clientId: false, environmentId: false);
        w.WithConfigApp(NextConfig, "\"next\": \"15.5.0\"", envLocal: FlowWorld.ViteEnvLocal + $"WORKOS_CLIENT_ID={own.ClientId}\n");
        var calls = w.Emulator.State.ProvisioningCalls;

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync());

        Assert.Equal(calls, w.Emulator.State.ProvisioningCalls);
        Assert.Equal(own.ClientId, w.Emulator.State.DeploymentVariables(Dep)["WORKOS_CLIENT_ID"]);
        Assert.Contains($"WORKOS_API_KEY={own.ApiKey}\n", w.ReadEnvLocal());
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
        w.Env("WORKOS_CLIENT_ID", OtherClientId).Env("WORKOS_API_KEY", existing.ApiKey);

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
        w.WithConfigApp(NextConfig, "\"next\": \"15.5.0\"", envLocal: FlowWorld.ViteEnvLocal + $"WORKOS_CLIENT_ID={OtherClientId}\nWORKOS_API_KEY={existing.ApiKey}\n");

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
        w.Env("WORKOS_CLIENT_ID", existing.ClientId).Env("WORKOS_API_KEY", OtherApiKey);

        Assert.Equal(RunStatus.Failed, await w.RunAsync());

        var error = Assert.Single(w.Reporter.Errors);
        Assert.Equal("CAK0201", error.Code);
        Assert.Contains("npx convex env remove WORKOS_API_KEY", error.Text);
        Assert.DoesNotContain(existing.ApiKey, w.Reporter.AllText);
        Assert.DoesNotContain(OtherApiKey, w.Reporter.AllText);
    }

    [Fact]
    public async Task Environment_id_mismatch_is_CAK0201()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        var existing = w.GiveDeploymentWorkOS();
        w.Env("WORKOS_CLIENT_ID", existing.ClientId).Env("WORKOS_API_KEY", existing.ApiKey).Env("WORKOS_ENVIRONMENT_ID", OtherEnvironmentId);

        Assert.Equal(RunStatus.Failed, await w.RunAsync());

        Assert.Contains("WORKOS_ENVIRONMENT_ID", Assert.Single(w.Reporter.Errors, e => e.Code == "CAK0201").Text);
    }

    [Fact]
    public async Task Real_environment_wins_over_env_local()
    {
        await using var w = await FlowWorld.CreateAsync();
        var existing = w.GiveDeploymentWorkOS(clientId: false, environmentId: false);
        w.WithViteApp(envLocal: FlowWorld.ViteEnvLocal + $"WORKOS_CLIENT_ID={OtherClientId}\n")
            .Env("WORKOS_CLIENT_ID", existing.ClientId);

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync());

        Assert.Equal(existing.ClientId, w.Emulator.State.DeploymentVariables(Dep)["WORKOS_CLIENT_ID"]);
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
    public async Task Build_client_id_without_a_deployment_api_key_provisions_as_the_cli_does()
    {
        // Before: CAK0202 without provisioning. The CLI provisions; a client id of that same environment agrees.
        await using var w = await FlowWorld.CreateAsync();
        var own = OwnEnvironment(w);
        w.WithViteApp().Env("WORKOS_CLIENT_ID", own.ClientId);
        var calls = w.Emulator.State.ProvisioningCalls;

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync());

        Assert.Equal(calls + 1, w.Emulator.State.ProvisioningCalls);
        Assert.Equal(own.ApiKey, w.Emulator.State.DeploymentVariables(Dep)["WORKOS_API_KEY"]);
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
    public async Task Deployment_client_id_plus_build_api_key_is_still_a_partial_deployment()
    {
        // Before: the build's key completed the deployment; the key never comes from the build now, so the
        // deployment's lone client id is CAK0202 (the CLI would provision over it).
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        var existing = w.GiveDeploymentWorkOS(environmentId: false, apiKey: false);
        w.Env("WORKOS_API_KEY", existing.ApiKey);

        Assert.Equal(RunStatus.Failed, await w.RunAsync());

        Assert.Equal("CAK0202", Assert.Single(w.Reporter.Errors).Code);
        var vars = w.Emulator.State.DeploymentVariables(Dep);
        Assert.Equal(existing.ClientId, vars["WORKOS_CLIENT_ID"]);
        Assert.False(vars.ContainsKey("WORKOS_API_KEY"));
        Assert.DoesNotContain(w.Emulator.Requests, r => r.Path.Contains("update_environment_variables"));
    }

    [Fact]
    public async Task Dry_run_only_says_it_would_set_the_build_values()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        var own = w.GiveDeploymentWorkOS(clientId: false, environmentId: false);
        w.Env("WORKOS_CLIENT_ID", own.ClientId).Env("WORKOS_ENVIRONMENT_ID", own.EnvironmentId);
        var options = w.Options();
        options.Mode = ProvisioningMode.DryRun;

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync(options: options));

        Assert.Equal(new[] { "WORKOS_API_KEY" }, w.Emulator.State.DeploymentVariables(Dep).Keys);
        Assert.Contains(w.Reporter.Reports, r => r.Text.Contains("would set WORKOS_CLIENT_ID, WORKOS_ENVIRONMENT_ID on " + Dep));
    }
}
