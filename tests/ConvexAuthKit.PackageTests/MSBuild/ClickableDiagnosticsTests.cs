using System.Text.RegularExpressions;
using ConvexAuthKit.Emulator;
using ConvexAuthKit.PackageTests.Infrastructure;

namespace ConvexAuthKit.PackageTests.MSBuild;

/// <summary>
/// Every diagnostic renders in MSBuild's canonical form, in the console logger (redirected output, CI, IDE output
/// panes) and in the terminal logger (an interactive terminal): an absolute `path(line,col): error CODE: text` when it
/// has a file, which VS Code's $msCompile matcher and Rider turn into a link; `project : error CODE: text` when it
/// has none, naming the user's project rather than the package's .targets file.
/// </summary>
[Collection(PackageCollection.Name)]
public sealed class ClickableDiagnosticsTests(PackageFeed feed) : IAsyncLifetime
{
    /// <summary>file(line,col): error CODE: text, the path absolute, with optional leading indentation (the terminal logger's).</summary>
    private static readonly Regex WithPosition = new(@"^\s*(?<file>(?:/|[A-Za-z]:\\)\S.*?)\((?<line>[0-9]+),(?<col>[0-9]+)\): error (?<code>CAK[0-9]{4}): (?<text>\S.*)$", RegexOptions.Multiline);

    /// <summary>file : error CODE: text, for a diagnostic about the project as a whole.</summary>
    private static readonly Regex WithoutPosition = new(@"^\s*(?<file>(?:/|[A-Za-z]:\\)\S.*?) : error (?<code>CAK[0-9]{4}): (?<text>\S.*)$", RegexOptions.Multiline);

    private ConvexEmulator _emulator = null!;

    public async Task InitializeAsync() => _emulator = await ConvexEmulator.StartAsync();
    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    public enum Logger { Console, Terminal }

    private static async Task<string> BuildAsync(ConsumerProject app, Logger logger)
    {
        if (logger == Logger.Console)
        {
            var result = await app.BuildAsync();
            Assert.True(result.ExitCode != 0, result.ToString());
            return result.Output;
        }
        var terminal = await TerminalBuild.RunAsync(app);
        Assert.True(terminal.ExitCode != 0, terminal.ToString());
        Assert.Contains("Build failed with ", terminal.Screen);
        return terminal.Screen;
    }

    private static Match Single(Regex form, string output, string code)
    {
        var matches = form.Matches(output).Where(m => m.Groups["code"].Value == code).ToList();
        Assert.True(matches.Count > 0, $"no {code} line in the canonical form:\n{output}");
        // The console logger repeats errors in its summary; every copy has the same location.
        Assert.Single(matches.Select(m => m.Groups["file"].Value + "|" + m.Groups["line"].Value + "|" + m.Groups["col"].Value).Distinct());
        return matches[0];
    }

    [Theory]
    [InlineData(Logger.Console)]
    [InlineData(Logger.Terminal)]
    public async Task File_and_line_diagnostic_points_at_the_line(Logger logger)
    {
        using var app = ConsumerProject.Create(feed, "click-line-" + logger).WithFrontend(FrontendKind.Vite).UsingEmulator(_emulator);
        File.WriteAllText(Path.Combine(app.FrontendDir, "convex.json"), "{\n  \"node\": {},\n  \"functions\": 5\n}\n");

        var output = await BuildAsync(app, logger);

        var m = Single(WithPosition, output, "CAK0008");
        Assert.Equal(Path.Combine(app.FrontendDir, "convex.json"), m.Groups["file"].Value);
        Assert.Equal("3", m.Groups["line"].Value);
        Assert.Equal("1", m.Groups["col"].Value);
        Assert.StartsWith("\"functions\" in convex.json must be", m.Groups["text"].Value);
    }

    [Theory]
    [InlineData(Logger.Console)]
    [InlineData(Logger.Terminal)]
    public async Task File_only_diagnostic_points_at_the_start_of_the_file(Logger logger)
    {
        using var app = ConsumerProject.Create(feed, "click-file-" + logger)
            .WithFrontend(FrontendKind.Vite, envLocal: "VITE_CONVEX_URL=https://happy-animal-123.convex.cloud\n").UsingEmulator(_emulator);

        var output = await BuildAsync(app, logger);

        var m = Single(WithPosition, output, "CAK0003");
        Assert.Equal(app.EnvLocalPath, m.Groups["file"].Value);
        Assert.Equal("1", m.Groups["line"].Value);
        Assert.Equal("1", m.Groups["col"].Value);
        Assert.StartsWith("No CONVEX_DEPLOYMENT in", m.Groups["text"].Value);
    }

    [Theory]
    [InlineData(Logger.Console)]
    [InlineData(Logger.Terminal)]
    public async Task Project_only_diagnostic_names_the_project_not_the_package_targets(Logger logger)
    {
        using var app = ConsumerProject.Create(feed, "click-project-" + logger).WithFrontend(FrontendKind.Vite).UsingEmulator(_emulator, loggedIn: false);

        var output = await BuildAsync(app, logger);

        var m = Single(WithoutPosition, output, "CAK0100");
        Assert.Equal(app.ProjectFile, m.Groups["file"].Value);
        Assert.StartsWith("You are not logged in to Convex", m.Groups["text"].Value);
        Assert.DoesNotContain("ConvexAuthKit.targets", output);
    }
}
