using ConvexAuthKit.Caching;
using ConvexAuthKit.Provisioning;

namespace ConvexAuthKit.Tests.Provisioning;

/// <summary>obj/ConvexAuthKit.succeeded.txt: the provisioning target's output, which lets MSBuild skip it.</summary>
public sealed class SuccessMarkerTests
{
    private static string ListFile(FlowWorld w) => Path.Combine(w.Root, "obj", "ConvexAuthKit.inputs.txt");
    private static string MarkerFile(FlowWorld w) => Path.Combine(w.Root, "obj", "ConvexAuthKit.succeeded.txt");

    private static Task<RunStatus> RunAsync(FlowWorld w, bool force = false) =>
        ProvisioningRun.ExecuteAsync(w.Options(), w.CacheFile, force, w.Reporter, CancellationToken.None, ListFile(w), MarkerFile(w));

    private static string[] Lines(string file) => File.ReadAllText(file).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public async Task A_success_writes_the_marker_last_with_variable_names_and_the_absent_files_beside_it()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();

        Assert.Equal(RunStatus.Succeeded, await RunAsync(w));

        var marker = Lines(MarkerFile(w));
        Assert.Contains("env:CONVEX_DEPLOYMENT", marker);
        Assert.Contains("secret:WORKOS_CLIENT_ID", marker);
        Assert.All(marker, l => Assert.True(l.StartsWith("env:", StringComparison.Ordinal) || l.StartsWith("secret:", StringComparison.Ordinal), l));
        var absent = Lines(SuccessMarker.AbsentListFile(MarkerFile(w)));
        Assert.Contains(Path.Combine(w.FrontendDir, "vite.config.ts"), absent);
        Assert.DoesNotContain(Path.Combine(w.FrontendDir, "package.json"), absent);
        var stamp = File.GetLastWriteTimeUtc(MarkerFile(w));
        foreach (var written in new[] { ListFile(w), w.CacheFile, w.EnvLocalPath, SuccessMarker.AbsentListFile(MarkerFile(w)) })
            Assert.True(File.GetLastWriteTimeUtc(written) <= stamp, written);
    }

    [Fact]
    public async Task A_no_op_from_the_cache_moves_the_marker_forward_and_a_failed_run_deletes_it()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        Assert.Equal(RunStatus.Succeeded, await RunAsync(w));
        var old = DateTime.UtcNow.AddHours(-1);
        File.SetLastWriteTimeUtc(MarkerFile(w), old);

        Assert.Equal(RunStatus.SkippedFromCache, await RunAsync(w));
        Assert.True(File.GetLastWriteTimeUtc(MarkerFile(w)) > old);

        w.WriteFile("convex.json", "{ not json");
        Assert.Equal(RunStatus.Failed, await RunAsync(w));
        Assert.False(File.Exists(MarkerFile(w)));
    }

    [Fact]
    public void Credentials_are_named_secret_and_a_name_MSBuild_could_misread_means_no_marker()
    {
        Assert.True(SuccessMarker.IsSecretName("WORKOS_REDIRECT_URI"));
        Assert.True(SuccessMarker.IsSecretName("CONVEX_DEPLOY_KEY"));
        Assert.True(SuccessMarker.IsSecretName("my_api_token"));
        Assert.False(SuccessMarker.IsSecretName("CONVEX_DEPLOYMENT"));

        var inputs = new CacheInput[] { new EnvInput("A$(B)", InputHashes.Absent) };
        Assert.Null(SuccessMarker.Render(new CacheRecord(inputs, "Changed", "")));
        var path = Path.Combine(Path.GetTempPath(), "cak-marker-" + Guid.NewGuid().ToString("N"));
        File.WriteAllText(path, "stale");
        SuccessMarker.Write(path, new CacheRecord(inputs, "Changed", ""));
        Assert.False(File.Exists(path));
    }
}
