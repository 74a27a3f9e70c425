using System.Text.RegularExpressions;
using ConvexAuthKit.Tests.Support;

namespace ConvexAuthKit.Tests.Architecture;

/// <summary>
/// The rule that makes the cache true by construction (docs/how-it-works.md#the-code): the core reads and looks for
/// input files only through Files/InputFiles, which records them while a run inspects, and reads the environment only
/// through the options' lookup, which the run's input reader wraps. A direct File.Exists or environment read
/// elsewhere would be an input the cache never hears of; each place that has a reason to do so is named here with it.
/// </summary>
public sealed class InputReadingRuleTests
{
    private static readonly Regex DirectRead = new(
        @"\bFile\.(Exists|ReadAll\w*|OpenRead|Open)\(|\bDirectory\.(Exists|GetFiles|GetDirectories|Enumerate\w+)\(|GetEnvironmentVariable\b|new\s+FileStream\(",
        RegexOptions.Compiled);

    /// <summary>Files allowed to read the file system or environment directly, and why none of it is an input of a run's outcome.</summary>
    private static readonly Dictionary<string, string> Allowed = new(StringComparer.Ordinal)
    {
        ["Files/InputFiles.cs"] = "the input reader itself",
        ["Caching/InputList.cs"] = "its own obj/ file",
        ["Caching/ObjFile.cs"] = "the obj/ files' writer",
        ["Caching/ResultCache.cs"] = "the cache file and its inputs' timestamps (only to keep the cache newer)",
        ["Caching/SuccessMarker.cs"] = "its own obj/ file",
        ["Credentials/ConvexCredentials.cs"] = "the CLI's access token: who the run is, not what it does",
        ["EnvFiles/AtomicFileWriter.cs"] = "writing .env.local (the run records it afterwards as written)",
        ["Evaluation/AuthConfigEvaluator.cs"] = "its own files in obj/ConvexAuthKit.evaluation",
        ["Evaluation/EvaluationCache.cs"] = "its own cache in obj/ConvexAuthKit.evaluation",
        ["Evaluation/NodeLocator.cs"] = "node on PATH: which Node runs an evaluation, not what it answers",
        ["Inspection/FrontendLocator.cs"] = "folder existence and listings (*.csproj, *.esproj); the package.json it settles on is read through the input reader",
        ["Options/ProvisioningOptions.cs"] = "the default environment lookup, which the run's input reader wraps",
        ["Provisioning/ProvisioningRun.cs"] = "after a success: whether .env.local exists for the git-ignore warning",
        ["Reliability/GitIgnoreCheck.cs"] = "after a success: the git-ignore warning",
        ["Reliability/ProjectLock.cs"] = "lock files and the per-user lock folder",
    };

    private static string CoreDir => Path.Combine(RepositoryPaths.Root, "src", "ConvexAuthKit.Core");

    private static IEnumerable<(string File, string Text)> CoreSources() =>
        Directory.EnumerateFiles(CoreDir, "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(CoreDir, f).Replace('\\', '/'))
            .Where(f => !f.StartsWith("bin/", StringComparison.Ordinal) && !f.StartsWith("obj/", StringComparison.Ordinal))
            .Select(f => (f, File.ReadAllText(Path.Combine(CoreDir, f))));

    [Fact]
    public void Only_the_named_places_read_files_or_the_environment_directly()
    {
        var offending = CoreSources()
            .Where(s => !Allowed.ContainsKey(s.File))
            .SelectMany(s => DirectRead.Matches(s.Text).Select(m => $"{s.File}: {m.Value}"))
            .ToList();

        Assert.True(offending.Count == 0,
            "read through Files/InputFiles (InputFiles.Read, InputFiles.Exists) so the cache records it, or name the place and why here:\n" + string.Join("\n", offending));
    }

    [Fact]
    public void Every_named_place_still_reads_directly()
    {
        var sources = CoreSources().ToDictionary(s => s.File, s => s.Text);
        var stale = Allowed.Keys.Where(f => !sources.TryGetValue(f, out var text) || !DirectRead.IsMatch(text)).ToList();

        Assert.Empty(stale);
    }

    [Fact]
    public void The_pattern_sees_the_reads_it_is_about()
    {
        Assert.Matches(DirectRead, "if (File.Exists(path))");
        Assert.Matches(DirectRead, "Environment.GetEnvironmentVariable(\"HOME\")");
        Assert.Matches(DirectRead, "System.IO.Directory.EnumerateFiles(dir)");
        Assert.DoesNotMatch(DirectRead, "InputFiles.Exists(path)");
    }
}
