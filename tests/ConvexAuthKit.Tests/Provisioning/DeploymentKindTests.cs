using ConvexAuthKit.Credentials;
using ConvexAuthKit.Emulator;
using ConvexAuthKit.Provisioning;

namespace ConvexAuthKit.Tests.Provisioning;

/// <summary>Which deployment a run targets and with which credential: deploy keys, their sentinels, the CLI's config folder.</summary>
public sealed class DeploymentKindTests
{
    private const string Dep = FlowWorld.Deployment;

    private static string Key(FlowWorld w, string prefix) =>
        w.Emulator.IssuedSecrets().First(s => s.StartsWith(prefix, StringComparison.Ordinal));

    [Fact]
    public async Task Deployment_deploy_key_never_provisions_even_when_logged_in()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp().Env("CONVEX_DEPLOY_KEY", Key(w, $"dev:{Dep}|"));

        Assert.Equal(RunStatus.Failed, await w.RunAsync());

        var error = Assert.Single(w.Reporter.Errors);
        Assert.Equal("CAK0104", error.Code);
        Assert.Contains("npx convex env set", error.Text);
        Assert.Equal(0, w.Emulator.State.ProvisioningCalls);
        Assert.Equal(FlowWorld.ViteEnvLocal, w.ReadEnvLocal());
    }

    [Fact]
    public async Task Deployment_deploy_key_reads_existing_variables_and_brings_env_local_up_to_date()
    {
        await using var w = await FlowWorld.CreateAsync();
        var existing = w.GiveDeploymentWorkOS();
        w.WithViteApp().Env("CONVEX_OVERRIDE_ACCESS_TOKEN", null).Env("CONVEX_DEPLOY_KEY", Key(w, $"dev:{Dep}|"));

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync());

        Assert.Contains($"VITE_WORKOS_CLIENT_ID={existing.ClientId}\n", w.ReadEnvLocal());
        Assert.DoesNotContain(w.Emulator.Requests, r => r.Path.Contains("authorize"));
    }

    [Fact]
    public async Task Deployment_deploy_key_wins_over_CONVEX_DEPLOYMENT()
    {
        var options = EmulatorOptions.Default();
        options.Deployments.Add(new EmulatedDeployment { Name = "other-dev-999", DeploymentType = "dev", ProjectId = EmulatorOptions.DefaultProjectId, DeployKey = "dev:other-dev-999|" + new string('a', 32) });
        await using var w = await FlowWorld.CreateAsync(options);
        w.Emulator.State.SetDeploymentVariable("other-dev-999", "WORKOS_CLIENT_ID", "client_01JA4BGY6RK3NHY7NM0NWGPZBG");
        var own = w.Emulator.State.ProvisionWorkOSEnvironment(Dep);
        w.Emulator.State.SetDeploymentVariable("other-dev-999", "WORKOS_API_KEY", own.ApiKey);
        w.WithViteApp().Env("CONVEX_DEPLOY_KEY", "dev:other-dev-999|" + new string('a', 32));

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync());

        Assert.Contains("VITE_WORKOS_CLIENT_ID=client_01JA4BGY6RK3NHY7NM0NWGPZBG\n", w.ReadEnvLocal());
        Assert.Contains(w.Reporter.Reports, r => r.Text.Contains("wins over CONVEX_DEPLOYMENT"));
    }

    [Theory]
    [InlineData("prod:sober-otter-456|")]
    [InlineData("preview:acme:my-app|")]
    public async Task Prod_and_preview_deploy_keys_warn_CAK0105_and_send_nothing(string prefix)
    {
        await using var w = await FlowWorld.CreateAsync();
        var key = prefix.StartsWith("prod", StringComparison.Ordinal) ? Key(w, prefix) : prefix + new string('b', 32);
        w.WithViteApp().Env("CONVEX_DEPLOY_KEY", key);

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync());

        var warning = Assert.Single(w.Reporter.Warnings);
        Assert.Equal("CAK0105", warning.Code);
        Assert.Contains("https://docs.convex.dev/auth/authkit", warning.Text);
        Assert.Empty(w.Emulator.Requests);
        Assert.DoesNotContain(key, w.Reporter.AllText);
    }

    [Fact]
    public async Task Project_deploy_key_is_used_for_Big_Brain_and_may_provision()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp().Env("CONVEX_OVERRIDE_ACCESS_TOKEN", null).Env("CONVEX_DEPLOY_KEY", Key(w, "project:acme:my-app|"));

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync());

        Assert.NotNull(w.Emulator.State.WorkOSEnvironmentFor(Dep));
    }

    [Fact]
    public async Task Ignore_sentinel_means_no_deploy_key()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp().Env("CONVEX_DEPLOY_KEY", "<ignore_deploy_key>");

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync());

        Assert.Equal(1, w.Emulator.State.WorkOSEnvironmentsCreated);
    }

    [Fact]
    public async Task Missing_sentinel_fails_with_CAK0103_and_its_message()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp().Env("CONVEX_DEPLOY_KEY", "<missing_deploy_key:Set CONVEX_DEPLOY_KEY in Vercel>");

        Assert.Equal(RunStatus.Failed, await w.RunAsync());

        var error = Assert.Single(w.Reporter.Errors);
        Assert.Equal("CAK0103", error.Code);
        Assert.Contains("Set CONVEX_DEPLOY_KEY in Vercel", error.Text);
        Assert.Empty(w.Emulator.Requests);
    }

    [Fact]
    public async Task CONVEX_DEPLOYMENT_TOKEN_is_read_when_CONVEX_DEPLOY_KEY_is_unset()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp().Env("CONVEX_DEPLOYMENT_TOKEN", Key(w, $"dev:{Dep}|"));

        Assert.Equal(RunStatus.Failed, await w.RunAsync());

        Assert.Equal("CAK0104", Assert.Single(w.Reporter.Errors).Code);
    }

    [Fact]
    public async Task Deploy_key_in_env_local_counts_like_one_in_the_environment()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp(envLocal: FlowWorld.ViteEnvLocal + "CONVEX_DEPLOY_KEY=" + Key(w, $"dev:{Dep}|") + "\n");

        Assert.Equal(RunStatus.Failed, await w.RunAsync());

        Assert.Equal("CAK0104", Assert.Single(w.Reporter.Errors).Code);
    }

    [Fact]
    public async Task Login_file_of_the_real_service_is_not_used_against_an_overridden_provision_host()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp().Env("CONVEX_OVERRIDE_ACCESS_TOKEN", null);
        Directory.CreateDirectory(Path.Combine(w.HomeDir, ".convex"));
        File.WriteAllText(Path.Combine(w.HomeDir, ".convex", "config.json"), $"{{\"accessToken\":\"{w.Emulator.AccessToken}\"}}");

        Assert.Equal(RunStatus.Failed, await w.RunAsync());

        var error = Assert.Single(w.Reporter.Errors);
        Assert.Equal("CAK0100", error.Code);
        Assert.Contains(".convex-test-", error.Text);
    }

    [Fact]
    public async Task Unreadable_login_file_is_CAK0009_without_its_content()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp().Env("CONVEX_OVERRIDE_ACCESS_TOKEN", null);
        var folder = Path.Combine(w.HomeDir, ".convex-test-" + new Uri(w.Emulator.ProvisionHost).Port);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "config.json"), "{\"accessToken\": \"secret-token-123\"");

        Assert.Equal(RunStatus.Failed, await w.RunAsync());

        Assert.Equal("CAK0009", Assert.Single(w.Reporter.Errors).Code);
        Assert.DoesNotContain("secret-token-123", w.Reporter.AllText);
    }

    [Theory]
    [InlineData(null, ".convex")]
    [InlineData("https://api.convex.dev", ".convex-test")]
    [InlineData("http://localhost", ".convex-test")]
    [InlineData("http://localhost:8050", ".convex-test")]
    [InlineData("http://127.0.0.1:6790/", ".convex-test-6790")]
    [InlineData("https://bb.example:443", ".convex-test-443")]
    public void Cli_config_folder_follows_the_provision_host_rule(string? host, string folder)
    {
        Assert.Equal(Path.Combine("/home/u", folder), ConvexCredentials.ConfigDirectory("/home/u", host));
    }

    [Theory]
    [InlineData("dev:happy-animal-123|abc", DeployKeyKind.Deployment, "happy-animal-123")]
    [InlineData("prod:sober-otter-456|abc", DeployKeyKind.Deployment, "sober-otter-456")]
    [InlineData("preview:acme:my-app|abc", DeployKeyKind.Preview, null)]
    [InlineData("project:acme:my-app|abc", DeployKeyKind.Project, null)]
    public void Deploy_keys_are_classified_as_the_cli_does(string value, DeployKeyKind kind, string? deploymentName)
    {
        var key = ConvexCredentials.ReadDeployKey(name => name == "CONVEX_DEPLOY_KEY" ? value : null)!;

        Assert.Equal(kind, key.Kind);
        Assert.Equal(deploymentName, key.DeploymentName);
    }
}
