using ConvexAuthKit.Caching;
using ConvexAuthKit.Provisioning;

namespace ConvexAuthKit.Tests.Provisioning;

/// <summary>obj/ConvexAuthKit.inputs.txt: the files the cache depends on, kept for the IDE's up-to-date check.</summary>
public sealed class InputListTests
{
    private static string ListFile(FlowWorld w) => Path.Combine(w.ProjectDir, "obj", "ConvexAuthKit.inputs.txt");

    private static Task<RunStatus> RunAsync(FlowWorld w, string? listFile, ProvisioningOptions? options = null) =>
        ProvisioningRun.ExecuteAsync(options ?? w.Options(), w.CacheFile, false, w.Reporter, CancellationToken.None, listFile);

    private static string[] Lines(string file) => File.ReadAllText(file).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public async Task A_successful_run_lists_every_file_the_cache_depends_on_as_absolute_sorted_lines()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp(authConfig: "import { clientId } from \"./workos\";\nexport default { providers: [{ type: \"customJwt\", applicationID: clientId }] };\n");
        w.WriteFile("convex/workos.ts", "export const clientId = process.env.WORKOS_CLIENT_ID;\n");
        w.WriteFile("vite.config.ts", "export default { server: { port: 5199 } };\n");

        Assert.Equal(RunStatus.Succeeded, await RunAsync(w, ListFile(w)));

        var lines = Lines(ListFile(w));
        var fe = w.FrontendDir;
        Assert.Contains(Path.Combine(fe, "convex", "auth.config.ts"), lines);
        Assert.Contains(Path.Combine(fe, "convex", "workos.ts"), lines);
        Assert.Contains(Path.Combine(fe, "vite.config.ts"), lines);
        Assert.Contains(Path.Combine(fe, "package.json"), lines);
        Assert.Contains(Path.Combine(fe, ".env.local"), lines);
        // Files looked for and not found count too: creating one changes what the run would decide.
        Assert.Contains(Path.Combine(fe, "convex.json"), lines);
        Assert.DoesNotContain(lines, l => l.EndsWith("App.tsx", StringComparison.Ordinal));
        Assert.All(lines, l => Assert.True(Path.IsPathRooted(l), l));
        Assert.Equal(lines.OrderBy(l => l, StringComparer.Ordinal), lines);
        // Exactly the cache's file entries.
        var cached = ResultCache.Read(w.CacheFile)!;
        Assert.Equal(InputList.Files(cached), lines);
    }

    [Fact]
    public async Task A_no_op_leaves_an_unchanged_list_untouched_and_the_cache_not_older_than_it()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        Assert.Equal(RunStatus.Succeeded, await RunAsync(w, ListFile(w)));
        var old = DateTime.UtcNow.AddHours(-1);
        File.SetLastWriteTimeUtc(ListFile(w), old);

        Assert.Equal(RunStatus.SkippedFromCache, await RunAsync(w, ListFile(w)));

        Assert.Equal(old, File.GetLastWriteTimeUtc(ListFile(w)));
    }

    [Fact]
    public async Task A_cache_without_a_list_gets_one_on_the_next_no_op_without_any_request()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        Assert.Equal(RunStatus.Succeeded, await RunAsync(w, listFile: null));
        Assert.False(File.Exists(ListFile(w)));
        w.Emulator.ClearRequests();

        Assert.Equal(RunStatus.SkippedFromCache, await RunAsync(w, ListFile(w)));

        Assert.Empty(w.Emulator.Requests);
        Assert.Contains(Path.Combine(w.FrontendDir, "convex", "auth.config.ts"), Lines(ListFile(w)));
        Assert.True(File.GetLastWriteTimeUtc(w.CacheFile) >= File.GetLastWriteTimeUtc(ListFile(w)));
    }

    [Fact]
    public async Task A_new_helper_import_rewrites_the_list()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        Assert.Equal(RunStatus.Succeeded, await RunAsync(w, ListFile(w)));
        Assert.DoesNotContain(Path.Combine(w.FrontendDir, "convex", "ids.ts"), Lines(ListFile(w)));

        w.WriteFile("convex/ids.ts", "export const id = process.env.WORKOS_CLIENT_ID;\n");
        w.WriteFile("convex/auth.config.ts", "import { id } from \"./ids\";\nexport default { providers: [{ type: \"customJwt\", applicationID: id }] };\n");
        Assert.Equal(RunStatus.Succeeded, await RunAsync(w, ListFile(w)));

        Assert.Contains(Path.Combine(w.FrontendDir, "convex", "ids.ts"), Lines(ListFile(w)));
    }

    [Fact]
    public async Task A_failed_run_and_a_read_only_run_write_no_list()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp(envLocal: "VITE_CONVEX_URL=https://x.convex.cloud\n");

        Assert.Equal(RunStatus.Failed, await RunAsync(w, ListFile(w)));
        Assert.False(File.Exists(ListFile(w)));

        w.WithViteApp();
        var dryRun = w.Options();
        dryRun.Mode = ProvisioningMode.DryRun;
        Assert.Equal(RunStatus.Succeeded, await RunAsync(w, ListFile(w), dryRun));
        Assert.False(File.Exists(ListFile(w)));
    }
}
