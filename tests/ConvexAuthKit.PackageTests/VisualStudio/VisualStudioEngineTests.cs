using ConvexAuthKit.Emulator;
using ConvexAuthKit.PackageTests.Infrastructure;

namespace ConvexAuthKit.PackageTests.VisualStudio;

/// <summary>
/// The packed tasks/net472 build, run by a real .NET Framework MSBuild engine (17.7, the last that runs on Mono) as
/// Visual Studio runs it: the package's targets choose the task folder by $(MSBuildRuntimeType).
/// What Mono cannot show: it binds a lower assembly version silently where .NET Framework refuses, so binding is
/// checked from MSBuild's recorded redirects instead (<see cref="MSBuildFloorTests"/>).
/// </summary>
[Collection(PackageCollection.Name)]
public sealed class VisualStudioEngineTests(PackageFeed feed) : IAsyncLifetime
{
    private const string Deployment = "happy-animal-123";
    private ConvexEmulator _emulator = null!;

    public async Task InitializeAsync() => _emulator = await ConvexEmulator.StartAsync();
    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public async Task Net472_task_provisions_a_fresh_deployment_and_loads_every_assembly_it_ships()
    {
        using var app = VsEngineProject.Create(feed, "fresh").UsingEmulator(_emulator);

        var result = await app.BuildAsync();

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(new[] { "Success" }, result.Results);
        var env = _emulator.State.WorkOSEnvironmentFor(Deployment)!;
        var vars = _emulator.State.DeploymentVariables(Deployment);
        Assert.Equal(env.ClientId, vars["WORKOS_CLIENT_ID"]);
        Assert.Equal(env.ApiKey, vars["WORKOS_API_KEY"]);
        Assert.Equal(
            Frontends.InitialEnvLocal(FrontendKind.Vite, Deployment) +
            $"\n# See this environment at https://dashboard.workos.com/{env.EnvironmentId}/authentication\n" +
            $"VITE_WORKOS_CLIENT_ID={env.ClientId}\n\nVITE_WORKOS_REDIRECT_URI=http://localhost:5173/callback\n",
            app.ReadEnvLocal());
        Assert.Equal(new[] { "http://localhost:5173/callback" }, env.RedirectUris);

        // The task came from tasks/net472, and everything shipped there was loaded on this path.
        var loaded = result.Loaded.Select(Path.GetFileName).ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.Contains("ConvexAuthKit.Tasks.dll", loaded);
        Assert.DoesNotContain(result.Loaded, p => p.Contains(Path.Combine("tasks", "net8.0"), StringComparison.Ordinal));
        var shipped = Directory.GetFiles(app.TaskDir, "*.dll").Select(Path.GetFileName).ToList();
        var neverLoaded = shipped.Where(f => !loaded.Contains(f!)).ToList();
        Assert.True(neverLoaded.Count == 0, "Shipped in tasks/net472 but never loaded: " + string.Join(", ", neverLoaded) + "\n" + result);
    }

    [Fact]
    public async Task Net472_task_second_build_is_a_no_op_in_a_new_process_and_in_a_long_lived_one()
    {
        using var app = VsEngineProject.Create(feed, "noop").UsingEmulator(_emulator);
        var first = await app.BuildAsync();
        Assert.True(first.ExitCode == 0, first.ToString());
        var bytes = File.ReadAllBytes(app.EnvLocalPath);
        _emulator.ClearRequests();

        var again = await app.BuildAsync(repeat: 2);

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(new[] { "Success", "Success" }, again.Results);
        Assert.Empty(_emulator.Requests);
        Assert.Equal(bytes, File.ReadAllBytes(app.EnvLocalPath));
        Assert.Equal(1, _emulator.State.WorkOSEnvironmentsCreated);
    }

    [Fact]
    public async Task Net472_task_not_logged_in_fails_with_CAK0100_and_no_stack_trace()
    {
        using var app = VsEngineProject.Create(feed, "nologin").UsingEmulator(_emulator, loggedIn: false);
        var before = File.ReadAllBytes(app.EnvLocalPath);

        var result = await app.BuildAsync();

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(new[] { "Failure" }, result.Results);
        // A diagnostic about the project as a whole points at the project file, never at the package's .targets.
        Assert.Contains(app.ProjectFile + " : error CAK0100: You are not logged in to Convex", result.Output);
        Assert.DoesNotContain("ConvexAuthKit.targets", result.Output);
        Assert.DoesNotContain("MSB4018", result.Output);
        Assert.DoesNotContain("   at ", result.Output);
        Assert.Equal(before, File.ReadAllBytes(app.EnvLocalPath));
        Assert.Empty(_emulator.Requests);
    }

    [Fact]
    public async Task Net472_task_cancelled_mid_request_stops_cleanly_and_the_next_build_finishes_the_job()
    {
        using var app = VsEngineProject.Create(feed, "cancel").UsingEmulator(_emulator);
        var before = File.ReadAllBytes(app.EnvLocalPath);
        var hang = _emulator.Faults.Add(new FaultRule { Service = "bigbrain", Kind = FaultKind.Hang });

        VsHostResult cancelled;
        using (var build = app.Start("-p:ConvexAuthKitHttpTimeout=600"))
        {
            var giveUp = DateTime.UtcNow.AddMinutes(3);
            while (!_emulator.Requests.Any(r => r.Service == "bigbrain"))
            {
                Assert.True(DateTime.UtcNow < giveUp, "The build never reached Convex:\n" + build.Output);
                await Task.Delay(50);
            }
            await build.CancelAsync();
            cancelled = await build.WaitAsync(TimeSpan.FromMinutes(2));
        }
        _emulator.Faults.Remove(hang);

        Assert.Equal(1, cancelled.ExitCode);
        Assert.Equal(new[] { "Failure" }, cancelled.Results);
        Assert.Contains("ConvexAuthKit: cancelled; nothing was left half-written", cancelled.Output);
        Assert.DoesNotContain("MSB4018", cancelled.Output);
        Assert.Equal(before, File.ReadAllBytes(app.EnvLocalPath));

        var next = await app.BuildAsync();
        Assert.True(next.ExitCode == 0, next.ToString());
        Assert.Contains("VITE_WORKOS_CLIENT_ID=", app.ReadEnvLocal());
    }

    [Fact]
    public async Task Visual_Studio_MSBuild_older_than_the_floor_gets_CAK0910_before_the_task_loads()
    {
        using var app = VsEngineProject.Create(feed, "floor").UsingEmulator(_emulator).WithoutFloorCheckSkip();

        var result = await app.BuildAsync();

        Assert.Equal(1, result.ExitCode);
        Assert.Matches(@"error CAK0910: ConvexAuthKit needs Visual Studio 2022 17\.10 or later: this Visual Studio's MSBuild is 17\.7\.", result.Output);
        Assert.DoesNotContain(result.Loaded, p => p.EndsWith("ConvexAuthKit.Tasks.dll", StringComparison.Ordinal));
        Assert.Empty(_emulator.Requests);
    }

    [Fact]
    public async Task A_dependency_missing_from_the_task_folder_is_one_CAK0911_error_naming_it()
    {
        using var app = VsEngineProject.Create(feed, "missing").UsingEmulator(_emulator);
        File.Delete(Path.Combine(app.TaskDir, "ConvexAuthKit.Core.dll"));

        var result = await app.BuildAsync();

        Assert.Equal(1, result.ExitCode);
        Assert.Single(result.Output.Split('\n'), l => l.Contains("error CAK0911", StringComparison.Ordinal) && l.StartsWith("    ", StringComparison.Ordinal));
        Assert.Contains("error CAK0911: ConvexAuthKit could not load ConvexAuthKit.Core, Version=", result.Output);
        Assert.Contains("no such file beside the task", result.Output);
        Assert.DoesNotContain("MSB4018", result.Output);
        Assert.DoesNotContain("error CAK0900", result.Output);
        Assert.Empty(_emulator.Requests);
    }
}
