using ConvexAuthKit.Provisioning;

namespace ConvexAuthKit.Tests.Provisioning;

/// <summary>Dry run and Verify: they read, say what they found, and change nothing anywhere.</summary>
public sealed class ReadOnlyModeTests
{
    private static ProvisioningOptions WithMode(FlowWorld w, ProvisioningMode mode)
    {
        var options = w.Options();
        options.Mode = mode;
        return options;
    }

    [Fact]
    public async Task Dry_run_on_a_fresh_deployment_provisions_nothing_and_writes_nothing()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync(options: WithMode(w, ProvisioningMode.DryRun)));

        Assert.Equal(0, w.Emulator.State.ProvisioningCalls);
        Assert.Empty(w.Emulator.State.DeploymentVariables(FlowWorld.Deployment));
        Assert.Equal(FlowWorld.ViteEnvLocal, w.ReadEnvLocal());
        Assert.False(File.Exists(w.CacheFile));
        Assert.DoesNotContain(w.Emulator.Requests, r => r.Method != "GET" && !r.Path.Contains("authorize"));
    }

    [Fact]
    public async Task Dry_run_says_what_it_would_do()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();

        await w.RunAsync(options: WithMode(w, ProvisioningMode.DryRun));

        var plan = Assert.Single(w.Reporter.Reports, r => r.Text.Contains("plan for"));
        Assert.Contains("would provision a WorkOS environment", plan.Text);
        Assert.Contains("would make sure WorkOS has redirect URI http://localhost:5173/callback", plan.Text);
    }

    [Fact]
    public async Task Verify_fails_with_CAK0205_when_the_deployment_lacks_the_variables()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();

        Assert.Equal(RunStatus.Failed, await w.RunAsync(options: WithMode(w, ProvisioningMode.Verify)));

        Assert.Equal("CAK0205", Assert.Single(w.Reporter.Errors).Code);
        Assert.Equal(0, w.Emulator.State.ProvisioningCalls);
        Assert.Equal(FlowWorld.ViteEnvLocal, w.ReadEnvLocal());
    }

    [Fact]
    public async Task Verify_passes_when_the_deployment_has_the_variables_and_changes_nothing()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        await w.RunAsync();
        var envLocal = w.ReadEnvLocal();
        File.WriteAllText(w.EnvLocalPath, FlowWorld.ViteEnvLocal);
        w.Emulator.ClearRequests();

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync(options: WithMode(w, ProvisioningMode.Verify)));

        Assert.Empty(w.Reporter.Errors);
        Assert.Equal(FlowWorld.ViteEnvLocal, w.ReadEnvLocal());
        Assert.DoesNotContain(w.Emulator.Requests, r => r.Service == "workos" || r.Path.Contains("update_environment_variables"));
        Assert.NotEqual(envLocal, w.ReadEnvLocal());
    }

    [Fact]
    public async Task Dry_run_leaves_even_old_temporary_files_of_a_killed_save_alone()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        await w.RunAsync();
        var leftover = Path.Combine(w.FrontendDir, "..env.local.0123456789abcdef.tmp");
        File.WriteAllText(leftover, "half");
        File.SetLastWriteTimeUtc(leftover, DateTime.UtcNow.AddHours(-1));

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync(options: WithMode(w, ProvisioningMode.DryRun)));

        Assert.True(File.Exists(leftover));
    }
}
