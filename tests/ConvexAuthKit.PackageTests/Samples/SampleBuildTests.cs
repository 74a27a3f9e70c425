using ConvexAuthKit.Emulator;
using ConvexAuthKit.PackageTests.Infrastructure;

namespace ConvexAuthKit.PackageTests.Samples;

/// <summary>The repository's samples build with the package, against the emulator, with the result their READMEs describe.</summary>
[Collection(PackageCollection.Name)]
public sealed class SampleBuildTests(PackageFeed feed) : IAsyncLifetime
{
    private ConvexEmulator _emulator = null!;

    public async Task InitializeAsync() => _emulator = await ConvexEmulator.StartAsync();
    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public async Task React_and_AspNetCore_sample_gets_vite_variables_for_its_spa_proxy_url()
    {
        using var sample = ConsumerProject.FromSample(feed, "ReactAspNetCore", "ReactAspNetCore.csproj", "ClientApp").UsingEmulator(_emulator);

        var result = await sample.BuildAsync();

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("dev URL http://localhost:5173 from SpaProxyServerUrl", result.Output);
        var env = _emulator.State.WorkOSEnvironmentFor("happy-animal-123")!;
        Assert.EndsWith($"VITE_WORKOS_CLIENT_ID={env.ClientId}\n\nVITE_WORKOS_REDIRECT_URI=http://localhost:5173/callback\n", sample.ReadEnvLocal());
    }

    [Fact]
    public async Task NextJs_beside_host_sample_gets_server_variables_in_the_web_folder()
    {
        using var sample = ConsumerProject.FromSample(feed, "NextJsBesideHost", Path.Combine("Host", "Host.csproj"), "web").UsingEmulator(_emulator);

        var result = await sample.BuildAsync();

        Assert.True(result.ExitCode == 0, result.ToString());
        var env = _emulator.State.WorkOSEnvironmentFor("happy-animal-123")!;
        var text = sample.ReadEnvLocal();
        Assert.Contains($"\nWORKOS_CLIENT_ID={env.ClientId}\n", text);
        Assert.Contains("\nNEXT_PUBLIC_WORKOS_REDIRECT_URI=http://localhost:3000/callback\n", text);
        Assert.Matches("\nWORKOS_COOKIE_PASSWORD=[A-Za-z0-9_-]{43}\n", text);
        Assert.EndsWith($"WORKOS_API_KEY={env.ApiKey}\n", text);
    }
}

/// <summary>The README's demo command, run from a clean clone of the repository, so the README cannot rot.</summary>
[Collection(PackageCollection.Name)]
public sealed class ReadmeDemoTests
{
    [Fact]
    public async Task Readme_demo_command_runs_end_to_end_from_a_clean_clone()
    {
        var readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"));
        Assert.Contains("bash samples/demo.sh", readme);
        var clone = Path.Combine(Path.GetTempPath(), "cak-clone-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var cloned = await ProcessRunner.RunAsync("git", new[] { "clone", "--quiet", "--no-hardlinks", RepoPaths.Root, clone }, Path.GetTempPath(),
                new Dictionary<string, string?>(), TimeSpan.FromMinutes(2));
            Assert.True(cloned.ExitCode == 0, cloned.ToString());

            var result = await ProcessRunner.RunAsync("bash", new[] { "samples/demo.sh" }, clone,
                new Dictionary<string, string?>(), TimeSpan.FromMinutes(8));

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains("VITE_WORKOS_CLIENT_ID=client_", result.Output);
            Assert.Contains("VITE_WORKOS_REDIRECT_URI=http://localhost:5173/callback", result.Output);
            Assert.Contains("WORKOS_API_KEY=sk_test_", result.Output);
            Assert.Contains("requests received by the emulator: 0", result.Output);
            Assert.DoesNotMatch("WORKOS_API_KEY=sk_test_[A-Za-z0-9]{20,}", result.Output);
        }
        finally
        {
            try { Directory.Delete(clone, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
