using System.IO.Compression;
using System.Reflection.PortableExecutable;
using ConvexAuthKit.Emulator;
using ConvexAuthKit.PackageTests.Infrastructure;

namespace ConvexAuthKit.PackageTests.MSBuild;

/// <summary>
/// Cold start: the net8.0 task assemblies ship precompiled (ReadyToRun) for the common runtimes under
/// tasks/net8.0-r2r/&lt;rid&gt;/, the IL in tasks/net8.0/ stays for the others, and `dotnet build` loads the precompiled
/// copy for its own runtime.
/// </summary>
[Collection(PackageCollection.Name)]
public sealed class ReadyToRunTests(PackageFeed feed) : IAsyncLifetime
{
    private static readonly string[] Runtimes = { "linux-x64", "win-x64", "osx-x64", "win-arm64" };
    private static readonly string[] Assemblies = { "ConvexAuthKit.Tasks.dll", "ConvexAuthKit.Core.dll" };

    private ConvexEmulator _emulator = null!;

    public async Task InitializeAsync() => _emulator = await ConvexEmulator.StartAsync();
    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    /// <summary>A ReadyToRun image: IL plus precompiled code, which the CLI header marks (ILLibrary, a ManagedNativeHeader).</summary>
    private static bool IsReadyToRun(byte[] image)
    {
        using var pe = new PEReader(new MemoryStream(image));
        var cor = pe.PEHeaders.CorHeader!;
        return (cor.Flags & CorFlags.ILLibrary) != 0 && cor.ManagedNativeHeaderDirectory.Size > 0;
    }

    private byte[] Entry(string path)
    {
        using var zip = ZipFile.OpenRead(feed.PackagePath);
        var entry = zip.GetEntry(path);
        Assert.True(entry != null, path + " is not in the package");
        using var source = entry!.Open();
        using var buffer = new MemoryStream();
        source.CopyTo(buffer);
        return buffer.ToArray();
    }

    [Fact]
    public void Net8_task_assemblies_are_precompiled_per_runtime_and_the_portable_ones_stay_IL()
    {
        foreach (var dll in Assemblies)
        {
            Assert.False(IsReadyToRun(Entry("tasks/net8.0/" + dll)), "tasks/net8.0/" + dll);
            foreach (var rid in Runtimes)
                Assert.True(IsReadyToRun(Entry($"tasks/net8.0-r2r/{rid}/{dll}")), $"tasks/net8.0-r2r/{rid}/{dll}");
        }
    }

    [Fact]
    public async Task Dotnet_build_loads_the_precompiled_task_for_its_runtime()
    {
        using var app = ConsumerProject.Create(feed, "r2r").WithFrontend(FrontendKind.Vite).UsingEmulator(_emulator);

        var result = await app.BuildAsync("-v:diag");

        Assert.True(result.ExitCode == 0, result.ToString());
        // The SDK's runtime identifier is this process's on the machines the tests run on (a portable SDK).
        var rid = System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier;
        var loaded = Runtimes.Contains(rid) ? $"tasks/net8.0-r2r/{rid}/ConvexAuthKit.Tasks.dll" : "tasks/net8.0/ConvexAuthKit.Tasks.dll";
        Assert.Contains("Using \"ProvisionAuthKit\" task from assembly", result.Output);
        Assert.Contains(loaded, result.Output.Replace('\\', '/'));
        Assert.Contains("VITE_WORKOS_CLIENT_ID=", app.ReadEnvLocal());
    }
}
