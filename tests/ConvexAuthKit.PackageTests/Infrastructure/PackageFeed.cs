namespace ConvexAuthKit.PackageTests.Infrastructure;

/// <summary>
/// Packs the real ConvexAuthKit package once per test run, with a version no earlier run used, into a feed folder
/// of this run; consumers restore it into a package folder of this run too, so a stale copy is never served.
/// </summary>
public sealed class PackageFeed : IAsyncLifetime
{
    public string RunDir { get; } = Path.Combine(Path.GetTempPath(), "cak-pkgtests-" + Guid.NewGuid().ToString("N")[..10]);
    public string FeedDir => Path.Combine(RunDir, "feed");
    public string PackagesDir => Path.Combine(RunDir, "nuget-packages");
    public string Version { get; } = "0.1.0-t" + DateTime.UtcNow.ToString("yyyyMMddHHmmss") + "." + Environment.ProcessId;
    public string PackagePath => Path.Combine(FeedDir, $"ConvexAuthKit.{Version}.nupkg");
    /// <summary>What `dotnet pack` printed.</summary>
    public string PackOutput { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(FeedDir);
        var result = await ProcessRunner.RunAsync("dotnet",
            new[]
            {
                "pack", RepoPaths.TasksProject, "-c", "Release", "-o", FeedDir, "-p:Version=" + Version,
                "-nodeReuse:false",
            },
            RepoPaths.Root, new Dictionary<string, string?>(), TimeSpan.FromMinutes(5));
        if (result.ExitCode != 0 || !File.Exists(PackagePath))
            throw new InvalidOperationException("dotnet pack failed:\n" + result);
        PackOutput = result.Output;
    }

    public Task DisposeAsync()
    {
        if (Environment.GetEnvironmentVariable("CONVEXAUTHKIT_KEEP_TEST_DIRS") != "1")
        {
            try { Directory.Delete(RunDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class PackageCollection : ICollectionFixture<PackageFeed>
{
    public const string Name = "package";
}
