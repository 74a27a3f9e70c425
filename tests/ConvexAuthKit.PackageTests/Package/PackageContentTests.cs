using System.IO.Compression;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;
using ConvexAuthKit.PackageTests.Infrastructure;

namespace ConvexAuthKit.PackageTests.Package;

/// <summary>
/// What is inside the packed .nupkg: both task builds with everything they load, the targets, the metadata.
/// Visual Studio's MSBuild (.NET Framework) cannot run here, so the net472 build is checked by reading the
/// assembly references of every packed assembly and resolving each one the way MSBuild would at run time.
/// </summary>
[Collection(PackageCollection.Name)]
public sealed class PackageContentTests(PackageFeed feed)
{
    /// <summary>Assemblies the host provides: .NET Framework itself, and MSBuild's own (which it binds for every task).</summary>
    private static readonly HashSet<string> ProvidedByNetFrameworkOrMSBuild = new(StringComparer.OrdinalIgnoreCase)
    {
        "mscorlib", "System", "System.Core", "System.Xml", "System.Xml.Linq", "System.Data", "System.Net.Http",
        "System.Numerics", "System.Runtime.Serialization", "System.Configuration", "System.Drawing", "System.IO.Compression",
        "System.ComponentModel.Composition", "System.Runtime", "System.Security", "System.Web", "netstandard",
        "Microsoft.Build.Framework", "Microsoft.Build.Utilities.Core",
    };

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
        Assert.Contains("tasks/net472/System.Text.Json.dll", entries);
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
        var unresolved = UnresolvedReferences("tasks/net472/");
        Assert.True(unresolved.Count == 0, "Unresolved net472 references: " + string.Join(", ", unresolved));
    }

    [Fact]
    public void Net472_task_asks_for_no_newer_System_Text_Json_than_Visual_Studio_2022_ships()
    {
        var references = ReferencesOf("tasks/net472/ConvexAuthKit.Core.dll");
        var json = references.Single(r => r.Name == "System.Text.Json");
        Assert.True(json.Version <= new Version(8, 0, 0, 0), $"System.Text.Json {json.Version} is newer than Visual Studio 2022 17.8+ binds.");
    }

    private List<string> UnresolvedReferences(string folder)
    {
        using var zip = ZipFile.OpenRead(feed.PackagePath);
        var packed = zip.Entries.Where(e => e.FullName.StartsWith(folder, StringComparison.Ordinal) && e.FullName.EndsWith(".dll", StringComparison.Ordinal))
            .ToDictionary(e => Path.GetFileNameWithoutExtension(e.Name), e => e.FullName, StringComparer.OrdinalIgnoreCase);
        var unresolved = new List<string>();
        foreach (var (_, entry) in packed)
        {
            foreach (var reference in ReferencesOf(entry))
            {
                if (packed.ContainsKey(reference.Name!) || ProvidedByNetFrameworkOrMSBuild.Contains(reference.Name!) || reference.Name!.StartsWith("System.", StringComparison.Ordinal) && IsNetFrameworkFacade(reference.Name))
                    continue;
                unresolved.Add($"{Path.GetFileName(entry)} -> {reference.Name} {reference.Version}");
            }
        }
        return unresolved;
    }

    /// <summary>The System.* facades .NET Framework 4.7.2 carries in its Facades folder (what netstandard2.0 assemblies bind to).</summary>
    private static bool IsNetFrameworkFacade(string name) => name is
        "System.Collections" or "System.Collections.Concurrent" or "System.Diagnostics.Debug" or "System.Globalization" or "System.IO"
        or "System.Linq" or "System.Linq.Expressions" or "System.Reflection" or "System.Reflection.Extensions" or "System.Reflection.Primitives"
        or "System.Resources.ResourceManager" or "System.Runtime.Extensions" or "System.Runtime.InteropServices" or "System.Text.Encoding"
        or "System.Text.Encoding.Extensions" or "System.Text.RegularExpressions" or "System.Threading" or "System.Threading.Tasks"
        or "System.ObjectModel" or "System.Runtime.Numerics" or "System.Diagnostics.Tools" or "System.Diagnostics.Tracing"
        or "System.Security.Cryptography.Algorithms" or "System.Security.Cryptography.Primitives" or "System.Net.Primitives"
        or "System.Runtime.Serialization.Primitives" or "System.Xml.ReaderWriter" or "System.Dynamic.Runtime" or "System.Threading.Thread"
        or "System.IO.FileSystem" or "System.IO.FileSystem.Primitives" or "System.Runtime.Handles" or "System.Xml.XDocument";

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
