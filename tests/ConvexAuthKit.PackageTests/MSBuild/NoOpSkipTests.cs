using ConvexAuthKit.Emulator;
using ConvexAuthKit.PackageTests.Infrastructure;

namespace ConvexAuthKit.PackageTests.MSBuild;

/// <summary>
/// A build with nothing changed: MSBuild skips ConvexAuthKitProvision by its Inputs/Outputs and never loads the
/// task; each kind of change (an input file, a setting, an environment variable, a file that appears, Force, a
/// credential in the environment) makes the task run again.
/// </summary>
[Collection(PackageCollection.Name)]
public sealed class NoOpSkipTests(PackageFeed feed) : IAsyncLifetime
{
    private const string SkippedLine = "Skipping target \"ConvexAuthKitProvision\" because all output files are up-to-date";
    private const string TaskLoadedLine = "Using \"ProvisionAuthKit\" task from assembly";

    private ConvexEmulator _emulator = null!;

    public async Task InitializeAsync() => _emulator = await ConvexEmulator.StartAsync();
    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    private ConsumerProject ViteApp(string name)
    {
        var app = ConsumerProject.Create(feed, name).WithFrontend(FrontendKind.Vite).UsingEmulator(_emulator);
        File.WriteAllText(Path.Combine(app.FrontendDir, "convex.json"), "{}\n");
        return app;
    }

    private static async Task<ProcessResult> DiagBuildAsync(ConsumerProject app, params string[] args)
    {
        var result = await app.BuildAsync(args.Concat(new[] { "-v:diag" }).ToArray());
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }

    private static void AssertSkipped(ProcessResult result, string when)
    {
        Assert.True(result.Output.Contains(SkippedLine), when + ": the target was not skipped\n" + result);
        Assert.False(result.Output.Contains(TaskLoadedLine), when + ": the task assembly was loaded\n" + result);
        Assert.DoesNotContain("Task \"ProvisionAuthKit\"", result.Output);
    }

    private static void AssertRan(ProcessResult result, string when)
    {
        Assert.False(result.Output.Contains(SkippedLine), when + ": the target was skipped\n" + result);
        Assert.True(result.Output.Contains("Task \"ProvisionAuthKit\""), when + ": the task did not run\n" + result);
    }

    /// <summary>Out of date, then back to a skip once the change has been seen.</summary>
    private static async Task RunsOnceThenSkipsAsync(ConsumerProject app, string when, params string[] args)
    {
        AssertRan(await DiagBuildAsync(app, args), when);
        AssertSkipped(await DiagBuildAsync(app, args), "the build after " + when);
    }

    [Fact]
    public async Task Nothing_changed_skips_the_target_without_loading_the_task_and_input_changes_run_it()
    {
        using var app = ViteApp("noop-skip");
        AssertRan(await DiagBuildAsync(app), "the first build");
        Assert.Contains("VITE_WORKOS_CLIENT_ID=", app.ReadEnvLocal());
        _emulator.ClearRequests();

        var second = await DiagBuildAsync(app);
        AssertSkipped(second, "the second build");
        Assert.Empty(_emulator.Requests);
        // The outcome property has a value when MSBuild skipped the target.
        var outcome = await app.BuildAsync("-t:Build", "-getProperty:ConvexAuthKitOutcome");
        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        Assert.Equal("SkippedFromCache", outcome.Output.Trim().Split('\n').Last().Trim());

        File.WriteAllText(Path.Combine(app.FrontendDir, "convex.json"), "{ \"functions\": \"convex/\" }\n");
        await RunsOnceThenSkipsAsync(app, "editing convex.json");

        // vite.config.ts was looked for and absent: MSBuild's Inputs alone would never notice it appear.
        File.WriteAllText(Path.Combine(app.FrontendDir, "vite.config.ts"), "export default { server: { port: 5190 } };\n");
        await RunsOnceThenSkipsAsync(app, "creating vite.config.ts");
        Assert.Contains("5190", app.ReadEnvLocal());

        await RunsOnceThenSkipsAsync(app, "changing ConvexAuthKitFrontendUrl", "-p:ConvexAuthKitFrontendUrl=http://localhost:5191");

        AssertRan(await DiagBuildAsync(app, "-p:ConvexAuthKitForce=true"), "ConvexAuthKitForce=true");
        AssertRan(await DiagBuildAsync(app, "-p:ConvexAuthKitDryRun=true"), "a dry run");
    }

    /// <summary>
    /// A run that reads variables the stamp before it did not cover (config mode reads the localEnvVars names) stamps
    /// them itself, so the build right after the first provisioning already skips the target without loading the task.
    /// </summary>
    [Fact]
    public async Task The_build_right_after_a_first_provisioning_that_read_new_variables_is_skipped()
    {
        using var app = ViteApp("noop-skip-config");
        File.WriteAllText(Path.Combine(app.FrontendDir, "convex.json"), """
            { "authKit": { "dev": { "localEnvVars": {
                "VITE_WORKOS_CLIENT_ID": "${authEnv.WORKOS_CLIENT_ID}",
                "VITE_WORKOS_REDIRECT_URI": "http://localhost:5173/callback" } } } }
            """);
        AssertRan(await DiagBuildAsync(app), "the first build");
        Assert.Contains("env:VITE_WORKOS_CLIENT_ID", File.ReadAllText(Path.Combine(app.ProjectDir, "obj", "ConvexAuthKit.succeeded.txt")));

        AssertSkipped(await DiagBuildAsync(app), "the build right after the first provisioning");
    }

    [Fact]
    public async Task Environment_variables_the_run_reads_invalidate_and_a_credential_in_the_environment_bypasses_the_skip()
    {
        using var app = ViteApp("noop-env");
        AssertRan(await DiagBuildAsync(app), "the first build");
        AssertSkipped(await DiagBuildAsync(app), "the second build");

        app.SetEnvironment("CONVEX_DEPLOYMENT", "dev:happy-animal-123");
        await RunsOnceThenSkipsAsync(app, "setting CONVEX_DEPLOYMENT");
        // The stamp holds a hash of the value, not the value.
        Assert.DoesNotContain("happy-animal-123", File.ReadAllText(Path.Combine(app.ProjectDir, "obj", "ConvexAuthKit.settings.txt")));

        const string secret = "cookie-password-that-must-stay-secret-0123456789";
        app.SetEnvironment("WORKOS_COOKIE_PASSWORD", secret);
        AssertRan(await DiagBuildAsync(app), "a credential in the environment");
        AssertRan(await DiagBuildAsync(app), "a credential still in the environment");
        foreach (var file in Directory.GetFiles(Path.Combine(app.ProjectDir, "obj"), "ConvexAuthKit.*"))
            Assert.DoesNotContain(secret, File.ReadAllText(file));

        app.SetEnvironment("WORKOS_COOKIE_PASSWORD", null);
        AssertSkipped(await DiagBuildAsync(app), "the credential gone again");
    }

    [Fact]
    public async Task A_failed_run_leaves_no_marker_so_the_next_build_runs_the_task()
    {
        using var app = ViteApp("noop-fail");
        AssertRan(await DiagBuildAsync(app), "the first build");
        var marker = Path.Combine(app.ProjectDir, "obj", "ConvexAuthKit.succeeded.txt");
        Assert.True(File.Exists(marker));

        // A broken convex.json fails the run (and the build).
        File.WriteAllText(Path.Combine(app.FrontendDir, "convex.json"), "{ not json");
        var failed = await app.BuildAsync();
        Assert.NotEqual(0, failed.ExitCode);
        Assert.False(File.Exists(marker));

        File.WriteAllText(Path.Combine(app.FrontendDir, "convex.json"), "{}\n");
        await RunsOnceThenSkipsAsync(app, "the failed build");
    }
}
