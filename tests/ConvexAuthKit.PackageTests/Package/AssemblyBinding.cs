using System.IO.Compression;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;
using ConvexAuthKit.PackageTests.Infrastructure;

namespace ConvexAuthKit.PackageTests.Package;

/// <summary>One binding redirect of an MSBuild.exe.config, as recorded in src/ConvexAuthKit.Tasks/MSBuildBindingRedirects.props.</summary>
public sealed record MSBuildRedirect(string Assembly, Version MSBuild, Version Low, Version High, Version NewVersion, string Source);

/// <summary>
/// How Visual Studio's MSBuild (on .NET Framework) binds the references of the assemblies in a task folder:
/// a redirect of its MSBuild.exe.config applies when the version asked for is in its range, and then gives its own
/// copy; otherwise the assembly must be beside the task (the task's resolver takes that version or newer) or part of
/// .NET Framework 4.7.2 itself.
/// </summary>
public static class AssemblyBinding
{
    private static readonly string TasksProjectDir = Path.Combine(RepoPaths.Root, "src", "ConvexAuthKit.Tasks");

    /// <summary>The oldest supported Visual Studio MSBuild, from ConvexAuthKit.Tasks.csproj.</summary>
    public static Version Floor { get; } = Version.Parse(
        XDocument.Load(Path.Combine(TasksProjectDir, "ConvexAuthKit.Tasks.csproj")).Descendants("ConvexAuthKitMSBuildFloor").Single().Value);

    public static IReadOnlyList<MSBuildRedirect> Redirects { get; } = XDocument.Load(Path.Combine(TasksProjectDir, "MSBuildBindingRedirects.props"))
        .Descendants("ConvexAuthKitMSBuildRedirect")
        .Select(e =>
        {
            var range = e.Attribute("OldVersion")!.Value.Split('-');
            return new MSBuildRedirect(e.Attribute("Include")!.Value, Version.Parse(e.Attribute("MSBuild")!.Value),
                Version.Parse(range[0]), Version.Parse(range[^1]), Version.Parse(e.Attribute("NewVersion")!.Value), e.Attribute("Source")!.Value);
        })
        .ToList();

    public static IEnumerable<Version> RecordedMSBuilds => Redirects.Select(r => r.MSBuild).Distinct().OrderBy(v => v);

    /// <summary>Every reference of the given assemblies that would not bind under that MSBuild, with the reason.</summary>
    public static List<string> Unbindable(IReadOnlyDictionary<string, byte[]> taskFolder, Version msbuild)
    {
        var redirects = Redirects.Where(r => r.MSBuild == msbuild).ToDictionary(r => r.Assembly, StringComparer.OrdinalIgnoreCase);
        Assert.NotEmpty(redirects);
        var shipped = taskFolder.ToDictionary(f => Path.GetFileNameWithoutExtension(f.Key), f => Identity(f.Value).Version!, StringComparer.OrdinalIgnoreCase);
        var problems = new List<string>();
        foreach (var (file, bytes) in taskFolder)
        {
            foreach (var reference in References(bytes))
            {
                var asked = reference.Version ?? new Version(0, 0, 0, 0);
                var who = $"{file} -> {reference.Name} {asked}";
                if (redirects.TryGetValue(reference.Name!, out var redirect))
                {
                    if (asked < redirect.Low || asked > redirect.High)
                        problems.Add($"{who}: outside MSBuild {msbuild}'s redirect {redirect.Low}-{redirect.High} ({redirect.Source})");
                    else if (redirect.NewVersion < asked)
                        problems.Add($"{who}: MSBuild {msbuild} gives {redirect.NewVersion}, older than asked for ({redirect.Source})");
                }
                else if (shipped.TryGetValue(reference.Name!, out var beside))
                {
                    if (beside < asked)
                        problems.Add($"{who}: the task folder has {beside}");
                }
                else if (NetFramework472.TryGetValue(reference.Name!, out var framework))
                {
                    if (framework < asked)
                        problems.Add($"{who}: .NET Framework 4.7.2 has {framework}");
                }
                else
                {
                    problems.Add($"{who}: neither MSBuild {msbuild}, the task folder nor .NET Framework 4.7.2 provides it");
                }
            }
        }
        return problems;
    }

    /// <summary>The dll files of one folder of the package, by file name.</summary>
    public static Dictionary<string, byte[]> Folder(string packagePath, string folder)
    {
        using var zip = ZipFile.OpenRead(packagePath);
        return zip.Entries.Where(e => e.FullName.StartsWith(folder, StringComparison.Ordinal) && e.FullName.EndsWith(".dll", StringComparison.Ordinal))
            .ToDictionary(e => e.Name, e =>
            {
                using var source = e.Open();
                using var buffer = new MemoryStream();
                source.CopyTo(buffer);
                return buffer.ToArray();
            }, StringComparer.OrdinalIgnoreCase);
    }

    public static List<AssemblyName> References(byte[] image)
    {
        using var pe = new PEReader(new MemoryStream(image));
        var reader = pe.GetMetadataReader();
        return reader.AssemblyReferences.Select(h => reader.GetAssemblyReference(h).GetAssemblyName()).ToList();
    }

    public static AssemblyName Identity(byte[] image)
    {
        using var pe = new PEReader(new MemoryStream(image));
        return pe.GetMetadataReader().GetAssemblyDefinition().GetAssemblyName();
    }

    /// <summary>The assemblies of .NET Framework 4.7.2 and their versions, from its reference assemblies (restored for the task's net472 build).</summary>
    public static IReadOnlyDictionary<string, Version> NetFramework472 { get; } = ReferenceAssemblies(
        "microsoft.netframework.referenceassemblies.net472", Path.Combine("build", ".NETFramework", "v4.7.2"), "Facades");

    /// <summary>The assemblies of the .NET 8 shared framework (what the dotnet CLI's MSBuild runs on, at the least).</summary>
    public static IReadOnlyDictionary<string, Version> NetCoreApp8 { get; } = ReferenceAssemblies(
        "microsoft.netcore.app.ref", Path.Combine("ref", "net8.0"), null, versionPrefix: "8.");

    private static Dictionary<string, Version> ReferenceAssemblies(string package, string relative, string? subfolder, string versionPrefix = "")
    {
        var root = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } custom
            ? custom
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        // A targeting pack the SDK carries itself (dotnet/packs/<Name>/<version>/) is not restored into the NuGet folder.
        var dotnetRoot = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", ".."));
        var places = new[] { Path.Combine(root, package) }
            .Concat(Directory.Exists(Path.Combine(dotnetRoot, "packs"))
                ? Directory.GetDirectories(Path.Combine(dotnetRoot, "packs")).Where(d => string.Equals(Path.GetFileName(d), package, StringComparison.OrdinalIgnoreCase))
                : Enumerable.Empty<string>());
        var versions = places.Where(Directory.Exists)
            .SelectMany(p => Directory.GetDirectories(p).Where(d => Path.GetFileName(d).StartsWith(versionPrefix, StringComparison.Ordinal)))
            .Where(d => Directory.Exists(Path.Combine(d, relative)))
            .ToList();
        Assert.True(versions.Count > 0, $"{package} is neither in {root} nor in {dotnetRoot}/packs; restore the solution first.");
        var dir = Path.Combine(versions.OrderBy(d => Version.TryParse(Path.GetFileName(d).Split('-')[0], out var v) ? v : new Version()).Last(), relative);
        var files = Directory.GetFiles(dir, "*.dll").AsEnumerable();
        if (subfolder != null)
            files = files.Concat(Directory.GetFiles(Path.Combine(dir, subfolder), "*.dll"));
        var result = new Dictionary<string, Version>(StringComparer.OrdinalIgnoreCase);
        foreach (var file in files)
        {
            using var pe = new PEReader(File.OpenRead(file));
            if (pe.HasMetadata && pe.GetMetadataReader() is { IsAssembly: true } reader)
                result[Path.GetFileNameWithoutExtension(file)] = reader.GetAssemblyDefinition().GetAssemblyName().Version!;
        }
        return result;
    }
}
