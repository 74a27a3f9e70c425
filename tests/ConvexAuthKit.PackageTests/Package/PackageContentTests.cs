using System.IO.Compression;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;
using ConvexAuthKit.PackageTests.Infrastructure;

namespace ConvexAuthKit.PackageTests.Package;

/// <summary>
/// What is inside the packed .nupkg: both task builds with everything they load, the targets, the metadata.
/// The net472 build is also run for real by the .NET Framework MSBuild engine (VisualStudio/); here its references
/// are resolved the way Visual Studio's MSBuild binds them (<see cref="AssemblyBinding"/>).
/// </summary>
[Collection(PackageCollection.Name)]
public sealed class PackageContentTests(PackageFeed feed)
{
    private List<string> Entries()
    {
        using var zip = ZipFile.OpenRead(feed.PackagePath);
        return zip.Entries.Select(e => e.FullName).ToList();
    }

    [Fact]
    public void Package_has_both_task_builds_with_their_dependencies()
    {
        var entries = Entries();
        foreach (var tfm in new[] { "net472", "net8.0" })
        {
            foreach (var dll in new[] { "ConvexAuthKit.Tasks.dll", "ConvexAuthKit.Core.dll" })
                Assert.Contains($"tasks/{tfm}/{dll}", entries);
            // The .env reader is our own; DotNetEnv and what it pulled in are no longer loaded by the task.
            foreach (var dll in new[] { "DotNetEnv.dll", "Sprache.dll", "Microsoft.Extensions.Configuration.dll", "Microsoft.Extensions.Primitives.dll" })
                Assert.DoesNotContain($"tasks/{tfm}/{dll}", entries);
        }
        // Visual Studio's MSBuild binds System.Text.Json (and its closure) to its own copy: ours would never load.
        Assert.DoesNotContain("tasks/net472/System.Text.Json.dll", entries);
    }

    /// <summary>
    /// Each task folder holds exactly the run-time closure of ConvexAuthKit.Tasks.dll minus what the host provides:
    /// nothing missing, nothing that can never load (no hand-kept list: the closure follows the core's references).
    /// </summary>
    [Theory]
    [InlineData("net472")]
    [InlineData("net8.0")]
    public void Task_folder_is_the_closure_of_the_task_minus_what_the_host_provides(string tfm)
    {
        var folder = AssemblyBinding.Folder(feed.PackagePath, $"tasks/{tfm}/");
        bool HostProvides(string name) => name.StartsWith("Microsoft.Build", StringComparison.Ordinal) || (tfm == "net472"
            ? name is "mscorlib" or "netstandard" || AssemblyBinding.NetFramework472.ContainsKey(name)
              || AssemblyBinding.Redirects.Any(r => r.MSBuild == AssemblyBinding.Floor && r.Assembly == name)
            : AssemblyBinding.NetCoreApp8.ContainsKey(name));

        var closure = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "ConvexAuthKit.Tasks" };
        var pending = new Queue<string>(closure);
        while (pending.Count > 0)
        {
            var file = pending.Dequeue() + ".dll";
            if (!folder.TryGetValue(file, out var image))
                continue;
            foreach (var reference in AssemblyBinding.References(image).Select(r => r.Name!).Where(n => !HostProvides(n)))
            {
                if (closure.Add(reference))
                    pending.Enqueue(reference);
            }
        }

        Assert.Equal(closure.OrderBy(n => n, StringComparer.OrdinalIgnoreCase),
            folder.Keys.Select(Path.GetFileNameWithoutExtension).OrderBy(n => n, StringComparer.OrdinalIgnoreCase));
    }

    [Fact]
    public void Our_assemblies_ship_with_their_pdbs_for_source_link()
    {
        var entries = Entries();
        foreach (var tfm in new[] { "net472", "net8.0" })
        {
            foreach (var name in new[] { "ConvexAuthKit.Tasks", "ConvexAuthKit.Core" })
                Assert.Contains($"tasks/{tfm}/{name}.pdb", entries);
        }
    }

    [Fact]
    public void Pack_prints_no_warning()
    {
        Assert.DoesNotMatch(@"\bwarning [A-Z]{2,}\d+", feed.PackOutput);
    }

    [Fact]
    public void Package_ships_no_msbuild_assembly()
    {
        Assert.DoesNotContain(Entries(), e => Path.GetFileName(e).StartsWith("Microsoft.Build", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Package_has_targets_for_build_transitive_and_multi_targeting_imports()
    {
        var entries = Entries();
        foreach (var folder in new[] { "build", "buildTransitive", "buildMultiTargeting" })
        {
            Assert.Contains($"{folder}/ConvexAuthKit.props", entries);
            Assert.Contains($"{folder}/ConvexAuthKit.targets", entries);
        }
    }

    [Fact]
    public void Package_is_a_development_dependency_with_no_dependencies_and_its_readme()
    {
        using var zip = ZipFile.OpenRead(feed.PackagePath);
        var nuspecEntry = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using var stream = nuspecEntry.Open();
        var nuspec = XDocument.Load(stream);
        var ns = nuspec.Root!.Name.Namespace;
        var metadata = nuspec.Root.Element(ns + "metadata")!;
        Assert.Equal("ConvexAuthKit", metadata.Element(ns + "id")!.Value);
        Assert.Equal("true", metadata.Element(ns + "developmentDependency")!.Value);
        Assert.Null(metadata.Element(ns + "dependencies"));
        Assert.Equal("README.md", metadata.Element(ns + "readme")!.Value);
        Assert.Contains("README.md", zip.Entries.Select(e => e.FullName));
    }

    [Fact]
    public void Every_reference_of_the_net472_task_resolves_inside_the_package_or_the_host()
    {
        var unresolved = AssemblyBinding.Unbindable(AssemblyBinding.Folder(feed.PackagePath, "tasks/net472/"), AssemblyBinding.Floor);
        Assert.True(unresolved.Count == 0, "Unresolved net472 references: " + string.Join(", ", unresolved));
    }

    [Fact]
    public void Net472_task_asks_for_no_newer_System_Text_Json_than_Visual_Studio_2022_ships()
    {
        var references = ReferencesOf("tasks/net472/ConvexAuthKit.Core.dll");
        var json = references.Single(r => r.Name == "System.Text.Json");
        Assert.True(json.Version <= new Version(8, 0, 0, 0), $"System.Text.Json {json.Version} is newer than Visual Studio 2022 17.10 (the floor) binds.");
    }

    private List<AssemblyName> ReferencesOf(string entryName)
    {
        using var zip = ZipFile.OpenRead(feed.PackagePath);
        using var source = zip.GetEntry(entryName)!.Open();
        using var buffer = new MemoryStream();
        source.CopyTo(buffer);
        buffer.Position = 0;
        using var pe = new PEReader(buffer);
        var reader = pe.GetMetadataReader();
        return reader.AssemblyReferences.Select(h => reader.GetAssemblyReference(h).GetAssemblyName()).ToList();
    }
}
