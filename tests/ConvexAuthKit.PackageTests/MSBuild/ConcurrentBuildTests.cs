using ConvexAuthKit.Emulator;
using ConvexAuthKit.PackageTests.Infrastructure;

namespace ConvexAuthKit.PackageTests.MSBuild;

/// <summary>Builds that run at the same time never provision twice.</summary>
[Collection(PackageCollection.Name)]
public sealed class ConcurrentBuildTests(PackageFeed feed) : IAsyncLifetime
{
    private ConvexEmulator _emulator = null!;

    public async Task InitializeAsync() => _emulator = await ConvexEmulator.StartAsync();
    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public async Task Two_concurrent_builds_of_projects_sharing_one_frontend_provision_once()
    {
        using var first = ConsumerProject.Create(feed, "shared-a").WithFrontend(FrontendKind.Vite).UsingEmulator(_emulator);
        var secondProject = Path.Combine(first.Root, "Other", "Other.csproj");
        Directory.CreateDirectory(Path.GetDirectoryName(secondProject)!);
        File.WriteAllText(secondProject, File.ReadAllText(first.ProjectFile).Replace(
            "</OutputType>", "</OutputType>\n    <ConvexAuthKitFrontendDir>../App/ClientApp</ConvexAuthKitFrontendDir>"));
        File.Copy(Path.Combine(first.ProjectDir, "Program.cs"), Path.Combine(Path.GetDirectoryName(secondProject)!, "Program.cs"));
        // Restore both first, so the builds themselves overlap rather than their restores.
        Assert.Equal(0, (await first.DotnetAsync("restore")).ExitCode);
        Assert.Equal(0, (await first.DotnetAsync("restore", secondProject)).ExitCode);

        var builds = await Task.WhenAll(
            first.BuildAsync("--no-restore"),
            first.DotnetAsync("build", secondProject, "--no-restore"));

        Assert.All(builds, b => Assert.True(b.ExitCode == 0, b.ToString()));
        Assert.Equal(1, _emulator.State.ProvisioningCalls);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(first.ReadEnvLocal(), "VITE_WORKOS_CLIENT_ID="));
    }
}
