using ConvexAuthKit.Emulator;
using ConvexAuthKit.PackageTests.Infrastructure;

namespace ConvexAuthKit.PackageTests.MSBuild;

/// <summary>Where and when the target runs: CI, design-time builds, multi-targeting, dotnet run, the callable targets.</summary>
[Collection(PackageCollection.Name)]
public sealed class BuildIntegrationTests(PackageFeed feed) : IAsyncLifetime
{
    private ConvexEmulator _emulator = null!;

    public async Task InitializeAsync() => _emulator = await ConvexEmulator.StartAsync();
    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    private ConsumerProject ViteApp(string name, string targetFrameworks = "net10.0", string extraProperties = "") =>
        ConsumerProject.Create(feed, name, targetFrameworks: targetFrameworks, extraProperties: extraProperties)
            .WithFrontend(FrontendKind.Vite).UsingEmulator(_emulator);

    [Theory]
    [InlineData("CI", "true")]
    [InlineData("GITHUB_ACTIONS", "true")]
    [InlineData("TF_BUILD", "True")]
    public async Task Ci_environment_switches_it_off_with_no_request_and_no_file_touched(string variable, string value)
    {
        using var app = ViteApp("ci").SetEnvironment(variable, value);
        var before = File.ReadAllBytes(app.EnvLocalPath);

        var result = await app.BuildAsync();

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Empty(_emulator.Requests);
        Assert.Equal(before, File.ReadAllBytes(app.EnvLocalPath));
        Assert.False(File.Exists(app.CacheFile));
    }

    [Fact]
    public async Task ContinuousIntegrationBuild_switches_it_off()
    {
        using var app = ViteApp("cibuild");

        var result = await app.BuildAsync("-p:ContinuousIntegrationBuild=true");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Empty(_emulator.Requests);
    }

    [Fact]
    public async Task Explicit_enabled_true_wins_over_ci_detection()
    {
        using var app = ViteApp("ci-on").SetEnvironment("CI", "true");

        var result = await app.BuildAsync("-p:ConvexAuthKitEnabled=true");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("VITE_WORKOS_CLIENT_ID=", app.ReadEnvLocal());
    }

    [Fact]
    public async Task Verify_mode_in_ci_runs_and_fails_with_CAK0205_when_the_deployment_lacks_the_variables()
    {
        using var app = ViteApp("verify").SetEnvironment("CI", "true");
        var before = File.ReadAllBytes(app.EnvLocalPath);

        var result = await app.BuildAsync("-p:ConvexAuthKitMode=Verify");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("error CAK0205", result.Output);
        Assert.Equal(before, File.ReadAllBytes(app.EnvLocalPath));
        Assert.Equal(0, _emulator.State.ProvisioningCalls);
    }

    [Fact]
    public async Task Design_time_build_sends_no_request()
    {
        using var app = ViteApp("designtime");

        var result = await app.BuildAsync("-p:DesignTimeBuild=true");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Empty(_emulator.Requests);
    }

    [Fact]
    public async Task Multi_targeted_project_provisions_once()
    {
        using var app = ViteApp("multi", targetFrameworks: "net8.0;net10.0");

        var result = await app.BuildAsync();

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(1, _emulator.State.ProvisioningCalls);
        Assert.Single(_emulator.Requests, r => r.Path == "/api/deployment/authorize_within_current_project");
    }

    [Fact]
    public async Task Single_framework_build_of_a_multi_targeted_project_is_guarded_by_the_cache()
    {
        using var app = ViteApp("multi-f", targetFrameworks: "net8.0;net10.0");
        Assert.Equal(0, (await app.BuildAsync()).ExitCode);
        _emulator.ClearRequests();

        var result = await app.BuildAsync("-f", "net10.0");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Empty(_emulator.Requests);
    }

    [Fact]
    public async Task Dotnet_run_without_build_still_provisions_before_the_app_starts()
    {
        using var app = ViteApp("run-nobuild");
        Assert.Equal(0, (await app.BuildAsync("-p:ConvexAuthKitEnabled=false")).ExitCode);
        Assert.Empty(_emulator.Requests);

        var result = await app.DotnetAsync("run", "--project", app.ProjectFile, "--no-build");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("app ran", result.Output);
        Assert.Contains("VITE_WORKOS_CLIENT_ID=", app.ReadEnvLocal());
    }

    [Fact]
    public async Task Status_target_names_every_decision_and_changes_nothing()
    {
        using var app = ViteApp("status");
        var before = File.ReadAllBytes(app.EnvLocalPath);

        var result = await app.BuildAsync("-t:ConvexAuthKitStatus");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"Frontend folder: {app.FrontendDir}", result.Output);
        Assert.Contains("Framework: Vite (package.json depends on vite); dev URL http://localhost:5173 from Vite default", result.Output);
        Assert.Contains("reads WORKOS_CLIENT_ID", result.Output);
        Assert.Contains("Deployment: dev:happy-animal-123", result.Output);
        Assert.Contains("has no WORKOS_* variables", result.Output);
        Assert.Contains("would provision a WorkOS environment", result.Output);
        Assert.Contains("enabled for builds: true", result.Output);
        Assert.Contains("is absent or out of date: the next build checks the deployment", result.Output);
        Assert.Equal(before, File.ReadAllBytes(app.EnvLocalPath));
        Assert.Equal(0, _emulator.State.ProvisioningCalls);
    }

    [Fact]
    public async Task Status_target_after_a_build_says_the_next_build_sends_no_request()
    {
        using var app = ViteApp("status-cached");
        Assert.Equal(0, (await app.BuildAsync()).ExitCode);

        var result = await app.BuildAsync("-t:ConvexAuthKitStatus");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("matches every input: the next build sends no request", result.Output);
        Assert.True(File.Exists(app.CacheFile));
    }

    [Fact]
    public async Task Dry_run_property_prints_the_plan_without_any_write()
    {
        using var app = ViteApp("dryrun");
        var before = File.ReadAllBytes(app.EnvLocalPath);

        var result = await app.BuildAsync("-p:ConvexAuthKitDryRun=true");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("plan for dev:happy-animal-123", result.Output);
        Assert.Equal(before, File.ReadAllBytes(app.EnvLocalPath));
        Assert.Empty(_emulator.State.DeploymentVariables("happy-animal-123"));
    }

    [Fact]
    public async Task Reset_target_deletes_the_cache_so_the_next_build_checks_again()
    {
        using var app = ViteApp("reset");
        Assert.Equal(0, (await app.BuildAsync()).ExitCode);
        Assert.True(File.Exists(app.CacheFile));

        var result = await app.BuildAsync("-t:ConvexAuthKitReset");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.False(File.Exists(app.CacheFile));
        _emulator.ClearRequests();
        Assert.Equal(0, (await app.BuildAsync()).ExitCode);
        Assert.NotEmpty(_emulator.Requests);
    }

    [Fact]
    public async Task Force_property_checks_again_despite_the_cache()
    {
        using var app = ViteApp("force");
        Assert.Equal(0, (await app.BuildAsync()).ExitCode);
        _emulator.ClearRequests();

        var result = await app.BuildAsync("-p:ConvexAuthKitForce=true");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.NotEmpty(_emulator.Requests);
    }

    [Fact]
    public async Task Invalid_mode_is_CAK0012()
    {
        using var app = ViteApp("badmode");

        var result = await app.BuildAsync("-p:ConvexAuthKitMode=Sometimes");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("error CAK0012", result.Output);
    }

    [Fact]
    public async Task Invalid_timeout_and_verbosity_are_CAK0012_from_the_task_not_an_MSBuild_conversion_error()
    {
        using var app = ViteApp("badtimeout");

        var result = await app.BuildAsync("-p:ConvexAuthKitHttpTimeout=soon", "-p:ConvexAuthKitVerbosity=loud");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("error CAK0012: ConvexAuthKitHttpTimeout is 'soon'", result.Output);
        Assert.Contains("error CAK0012: ConvexAuthKitVerbosity is 'loud'", result.Output);
        Assert.DoesNotContain("MSB4030", result.Output);
        Assert.Empty(_emulator.Requests);
    }
}
