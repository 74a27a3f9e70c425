using System.Text.Json;
using ConvexAuthKit.Emulator;
using ConvexAuthKit.PackageTests.Infrastructure;

namespace ConvexAuthKit.PackageTests.MSBuild;

/// <summary>
/// Visual Studio's fast up-to-date check: it runs the design-time target CollectUpToDateCheckInputDesignTime and
/// compares the UpToDateCheckInput items of each set with that set's outputs (here: the cache file). The real
/// target ships with Visual Studio, so the test project declares a stand-in with the same name and result, and the
/// test applies the check's rule: out of date when an existing input is newer than the set's earliest output.
/// </summary>
[Collection(PackageCollection.Name)]
public sealed class UpToDateCheckTests(PackageFeed feed) : IAsyncLifetime
{
    private const string Set = "ConvexAuthKit";

    private ConvexEmulator _emulator = null!;

    public async Task InitializeAsync() => _emulator = await ConvexEmulator.StartAsync();
    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    /// <summary>
    /// A Vite app whose Convex functions live in backend/ (convex.json), whose auth.config imports a helper, and whose
    /// vite.config.ts sets the port: three inputs the old evaluation-time guess never saw.
    /// </summary>
    private ConsumerProject CustomLayoutApp(string name)
    {
        var app = ConsumerProject.Create(feed, name).WithFrontend(FrontendKind.Vite, authConfig: null).UsingEmulator(_emulator);
        var fe = app.FrontendDir;
        Directory.CreateDirectory(Path.Combine(fe, "backend"));
        Directory.CreateDirectory(Path.Combine(fe, "src"));
        File.WriteAllText(Path.Combine(fe, "convex.json"), "{ \"functions\": \"backend/\" }\n");
        File.WriteAllText(Path.Combine(fe, "backend", "auth.config.ts"),
            "import { clientId } from \"./workos\";\nexport default { providers: [{ type: \"customJwt\", applicationID: clientId, issuer: \"https://api.workos.com/\", jwks: `https://api.workos.com/sso/jwks/${clientId}` }] };\n");
        File.WriteAllText(Path.Combine(fe, "backend", "workos.ts"), "export const clientId = process.env.WORKOS_CLIENT_ID;\n");
        File.WriteAllText(Path.Combine(fe, "vite.config.ts"), "export default { server: { port: 5180 } };\n");
        File.WriteAllText(Path.Combine(fe, "src", "App.tsx"), "export default function App() { return null; }\n");
        // Stand-in for the project system's target (Microsoft.Managed.DesignTime.targets): same name, same result.
        File.WriteAllText(Path.Combine(app.Root, "Directory.Build.targets"), """
            <Project>
              <Target Name="CollectUpToDateCheckInputDesignTime" Returns="@(UpToDateCheckInput)" />
              <Target Name="CollectUpToDateCheckBuiltDesignTime" Returns="@(UpToDateCheckBuilt)" />
            </Project>
            """);
        return app;
    }

    private sealed record CheckItems(IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs);

    /// <summary>Runs the design-time targets as Visual Studio does and returns the items of our set.</summary>
    private static async Task<CheckItems> DesignTimeItemsAsync(ConsumerProject app)
    {
        var result = await app.DotnetAsync("msbuild", "-t:CollectUpToDateCheckInputDesignTime;CollectUpToDateCheckBuiltDesignTime",
            "-p:DesignTimeBuild=true", "-getItem:UpToDateCheckInput", "-getItem:UpToDateCheckBuilt");
        Assert.True(result.ExitCode == 0, result.ToString());
        var json = result.Output[result.Output.IndexOf('{')..];
        using var doc = JsonDocument.Parse(json);
        var items = doc.RootElement.GetProperty("Items");
        IReadOnlyList<string> OfSet(string type) => items.TryGetProperty(type, out var list)
            ? list.EnumerateArray()
                .Where(i => i.TryGetProperty("Set", out var set) && set.GetString()!.Split(';').Contains(Set))
                .Select(i => i.GetProperty("FullPath").GetString()!).ToList()
            : new List<string>();
        return new CheckItems(OfSet("UpToDateCheckInput"), OfSet("UpToDateCheckBuilt"));
    }

    /// <summary>The fast up-to-date check's rule for one set: every input exists and none is newer than the earliest output.</summary>
    private static string? OutOfDateBecause(CheckItems items)
    {
        var missing = items.Inputs.FirstOrDefault(i => !File.Exists(i));
        if (missing != null)
            return "input missing: " + missing;
        if (items.Outputs.Count == 0 || items.Outputs.Any(o => !File.Exists(o)))
            return "output missing";
        var earliest = items.Outputs.Min(File.GetLastWriteTimeUtc);
        var newer = items.Inputs.FirstOrDefault(i => File.GetLastWriteTimeUtc(i) > earliest);
        return newer == null ? null : "input newer than the cache: " + newer;
    }

    /// <summary>An edit saved after the last build: new content, and a timestamp after the cache's (never in the future).</summary>
    private static void Edit(ConsumerProject app, string path, string append)
    {
        File.AppendAllText(path, append);
        var cache = File.GetLastWriteTimeUtc(app.CacheFile);
        if (File.GetLastWriteTimeUtc(path) <= cache)
            File.SetLastWriteTimeUtc(path, cache.AddMilliseconds(1));
    }

    [Fact]
    public async Task After_a_build_the_check_follows_the_inputs_the_run_recorded()
    {
        using var app = CustomLayoutApp("futdc-recorded");
        var fe = app.FrontendDir;
        var build = await app.BuildAsync();
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Contains("VITE_WORKOS_REDIRECT_URI=http://localhost:5180/callback", app.ReadEnvLocal());

        var items = await DesignTimeItemsAsync(app);

        Assert.Contains(Path.Combine(fe, "backend", "auth.config.ts"), items.Inputs);
        Assert.Contains(Path.Combine(fe, "backend", "workos.ts"), items.Inputs);
        Assert.Contains(Path.Combine(fe, "vite.config.ts"), items.Inputs);
        Assert.Contains(Path.Combine(fe, "convex.json"), items.Inputs);
        Assert.DoesNotContain(Path.Combine(fe, "src", "App.tsx"), items.Inputs);
        // The guess's convex/auth.config.ts does not exist here; a missing input would keep the project out of date forever.
        Assert.All(items.Inputs, i => Assert.True(File.Exists(i), i));
        Assert.Equal(new[] { app.CacheFile }, items.Outputs);
        Assert.Null(OutOfDateBecause(items));
    }

    [Theory]
    [InlineData("vite.config.ts", "// port comment\n", true)]
    [InlineData("backend/workos.ts", "// helper edit\n", true)]
    [InlineData("backend/auth.config.ts", "// config edit\n", true)]
    [InlineData("src/App.tsx", "// component edit\n", false)]
    public async Task Editing_a_file_makes_the_project_out_of_date_only_when_the_run_read_it(string file, string edit, bool outOfDate)
    {
        using var app = CustomLayoutApp("futdc-edit");
        Assert.Equal(0, (await app.BuildAsync()).ExitCode);
        Assert.Null(OutOfDateBecause(await DesignTimeItemsAsync(app)));

        Edit(app, Path.Combine(app.FrontendDir, file), edit);

        var reason = OutOfDateBecause(await DesignTimeItemsAsync(app));
        if (!outOfDate)
        {
            Assert.Null(reason);
            return;
        }
        Assert.Equal("input newer than the cache: " + Path.Combine(app.FrontendDir, file), reason);
        // The build Visual Studio then starts settles the check again.
        Assert.Equal(0, (await app.BuildAsync()).ExitCode);
        Assert.Null(OutOfDateBecause(await DesignTimeItemsAsync(app)));
    }

    [Fact]
    public async Task Before_the_first_build_the_guess_lists_only_files_that_exist()
    {
        using var app = ConsumerProject.Create(feed, "futdc-guess").WithFrontend(FrontendKind.Vite).UsingEmulator(_emulator);
        File.WriteAllText(Path.Combine(app.Root, "Directory.Build.targets"), """
            <Project>
              <Target Name="CollectUpToDateCheckInputDesignTime" Returns="@(UpToDateCheckInput)" />
              <Target Name="CollectUpToDateCheckBuiltDesignTime" Returns="@(UpToDateCheckBuilt)" />
            </Project>
            """);
        Assert.Equal(0, (await app.DotnetAsync("restore")).ExitCode);

        var items = await DesignTimeItemsAsync(app);

        Assert.False(File.Exists(Path.Combine(app.ProjectDir, "obj", "ConvexAuthKit.inputs.txt")));
        Assert.Equal(
            new[] { Path.Combine(app.FrontendDir, "package.json"), Path.Combine(app.FrontendDir, "convex", "auth.config.ts") }.Order(),
            items.Inputs.Order());
        Assert.Equal(new[] { app.CacheFile }, items.Outputs);
    }

    [Fact]
    public async Task A_damaged_list_never_fails_the_design_time_build_and_only_existing_files_count()
    {
        using var app = CustomLayoutApp("futdc-damaged");
        Assert.Equal(0, (await app.BuildAsync()).ExitCode);
        var package = Path.Combine(app.FrontendDir, "package.json");
        File.WriteAllText(Path.Combine(app.ProjectDir, "obj", "ConvexAuthKit.inputs.txt"),
            "relative/not-a-file.ts\n/no/such/folder/auth.config.ts\n<>|*?;%40$(x)\n" + package + "\n");

        var items = await DesignTimeItemsAsync(app);

        Assert.Equal(new[] { package }, items.Inputs);
    }
}
