using ConvexAuthKit.Emulator;
using ConvexAuthKit.PackageTests.Infrastructure;

namespace ConvexAuthKit.PackageTests.MSBuild;

/// <summary>
/// `dotnet build` in an interactive terminal, where MSBuild picks its terminal logger: what the developer sees on
/// the screen when a build changes something, and when it does not.
/// </summary>
[Collection(PackageCollection.Name)]
public sealed class TerminalLoggerTests(PackageFeed feed) : IAsyncLifetime
{
    /// <summary>The switch the README's troubleshooting gives for seeing the change line in a terminal.</summary>
    private const string ShowChanges = "-tlp:verbosity=detailed";

    private ConvexEmulator _emulator = null!;

    public async Task InitializeAsync() => _emulator = await ConvexEmulator.StartAsync();
    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    private ConsumerProject ViteApp(string name) =>
        ConsumerProject.Create(feed, name).WithFrontend(FrontendKind.Vite).UsingEmulator(_emulator);

    private static string[] ConvexAuthKitLines(TerminalResult result) =>
        result.Screen.Split('\n').Where(l => l.Contains("ConvexAuthKit", StringComparison.Ordinal)).ToArray();

    private static void AssertTerminalLogger(TerminalResult result)
    {
        // The terminal logger's closing line; the console logger would print "Build succeeded." and "Time Elapsed".
        Assert.True(result.Screen.Contains("Build succeeded in ", StringComparison.Ordinal), "the terminal logger was not used:\n" + result);
        Assert.DoesNotContain("Time Elapsed", result.Screen);
    }

    [Fact]
    public async Task With_the_documented_switch_a_changing_build_shows_one_line_saying_what_changed_and_a_no_op_shows_none()
    {
        using var app = ViteApp("tl-change");

        var changing = await TerminalBuild.RunAsync(app, ShowChanges);

        Assert.True(changing.ExitCode == 0, changing.ToString());
        AssertTerminalLogger(changing);
        var line = Assert.Single(ConvexAuthKitLines(changing));
        Assert.Contains("ConvexAuthKit: WorkOS AuthKit for dev:happy-animal-123", line);
        Assert.Contains("wrote VITE_WORKOS_CLIENT_ID, VITE_WORKOS_REDIRECT_URI to ClientApp/.env.local", line);
        Assert.Contains("VITE_WORKOS_CLIENT_ID=", app.ReadEnvLocal());
        Assert.DoesNotContain("warning", changing.Screen);

        var noOp = await TerminalBuild.RunAsync(app, ShowChanges);

        Assert.True(noOp.ExitCode == 0, noOp.ToString());
        AssertTerminalLogger(noOp);
        Assert.Empty(ConvexAuthKitLines(noOp));
    }

    [Fact]
    public async Task At_default_verbosity_the_terminal_logger_hides_the_change_line_as_the_readme_says()
    {
        using var app = ViteApp("tl-default");

        var changing = await TerminalBuild.RunAsync(app);

        Assert.True(changing.ExitCode == 0, changing.ToString());
        AssertTerminalLogger(changing);
        Assert.Contains("VITE_WORKOS_CLIENT_ID=", app.ReadEnvLocal());
        // MSBuild's terminal logger shows a task's high-importance message only at detailed verbosity, and a warning
        // would break TreatWarningsAsErrors, so the README documents the switch. If this fails, a newer MSBuild shows
        // such messages: update the README's troubleshooting entry and this test.
        Assert.Empty(ConvexAuthKitLines(changing));
        var readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"));
        Assert.Contains(ShowChanges, readme);
    }

    [Fact]
    public async Task The_status_target_shows_its_decisions_in_a_terminal_with_the_documented_switch()
    {
        using var app = ViteApp("tl-status");

        var status = await TerminalBuild.RunAsync(app, "-t:ConvexAuthKitStatus", ShowChanges);

        Assert.True(status.ExitCode == 0, status.ToString());
        AssertTerminalLogger(status);
        Assert.Contains($"Frontend folder: {app.FrontendDir}", status.Screen);
        Assert.Contains("would provision a WorkOS environment", status.Screen);
    }
}
