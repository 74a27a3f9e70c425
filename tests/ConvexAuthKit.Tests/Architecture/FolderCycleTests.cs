using System.Text.RegularExpressions;
using ConvexAuthKit.Tests.Support;

namespace ConvexAuthKit.Tests.Architecture;

/// <summary>
/// The top-level folders of ConvexAuthKit.Core depend on each other in one direction only: no folder reaches itself
/// through the `using ConvexAuthKit.X` lines of its files, directly or through others.
/// </summary>
public sealed class FolderCycleTests
{
    /// <summary>Cycles left on purpose, each as its folders in order ("A>B"); none today.</summary>
    private static readonly string[] KnownCycles = Array.Empty<string>();

    private static string CoreDir => Path.Combine(RepositoryPaths.Root, "src", "ConvexAuthKit.Core");

    internal static Dictionary<string, SortedSet<string>> FolderGraph()
    {
        var folders = Directory.EnumerateDirectories(CoreDir).Select(Path.GetFileName).Where(f => f is not ("bin" or "obj")).ToList();
        var graph = new Dictionary<string, SortedSet<string>>();
        foreach (var folder in folders)
        {
            var uses = Directory.EnumerateFiles(Path.Combine(CoreDir, folder!), "*.cs", SearchOption.AllDirectories)
                .SelectMany(file => Regex.Matches(File.ReadAllText(file), @"^\s*(?:global\s+)?using\s+(?:static\s+)?ConvexAuthKit\.(\w+)", RegexOptions.Multiline))
                .Select(m => m.Groups[1].Value)
                .Where(used => used != folder && folders.Contains(used));
            graph[folder!] = new SortedSet<string>(uses, StringComparer.Ordinal);
        }
        return graph;
    }

    /// <summary>Every folder group that reaches itself (a strongly connected component of more than one folder), as "A>B>…".</summary>
    /// <summary>Every folder <paramref name="from"/> reaches through its using lines, directly or through others.</summary>
    internal static HashSet<string> Reachable(Dictionary<string, SortedSet<string>> graph, string from)
    {
        var seen = new HashSet<string>();
        var stack = new Stack<string>(graph[from]);
        while (stack.Count > 0)
        {
            var next = stack.Pop();
            if (seen.Add(next))
                foreach (var n in graph[next])
                    stack.Push(n);
        }
        return seen;
    }

    internal static List<string> Cycles(Dictionary<string, SortedSet<string>> graph)
    {
        var reach = graph.Keys.ToDictionary(k => k, k => Reachable(graph, k));
        return graph.Keys
            .Where(k => reach[k].Contains(k))
            .Select(k => string.Join(">", graph.Keys.Where(o => o == k || (reach[k].Contains(o) && reach[o].Contains(k))).OrderBy(o => o, StringComparer.Ordinal)))
            .Distinct()
            .ToList();
    }

    [Fact]
    public void No_cycle_between_top_level_folders_of_the_core()
    {
        var graph = FolderGraph();
        // The graph is really read: the run uses the API clients.
        Assert.Contains("Api", graph["Provisioning"]);

        var cycles = Cycles(graph).Except(KnownCycles).ToList();

        Assert.True(cycles.Count == 0, "folders that depend on each other: " + string.Join("; ", cycles)
            + "\n" + string.Join("\n", graph.Select(g => $"{g.Key} -> {string.Join(", ", g.Value)}")));
    }

    /// <summary>The stages of a run (docs/how-it-works.md#one-run) are folders, each reaching only the ones before it.</summary>
    [Theory]
    [InlineData("Inspection", "Planning,Applying,Provisioning")]
    [InlineData("Planning", "Applying,Provisioning")]
    [InlineData("Applying", "Provisioning")]
    [InlineData("Caching", "Inspection,Planning,Applying,Provisioning")]
    public void A_stage_never_reaches_a_later_one(string stage, string later)
    {
        var reached = Reachable(FolderGraph(), stage);

        Assert.Empty(later.Split(',').Where(reached.Contains));
    }

    [Fact]
    public void The_cycle_finder_finds_a_cycle_of_two_and_of_three()
    {
        var graph = new Dictionary<string, SortedSet<string>>
        {
            ["A"] = new() { "B" }, ["B"] = new() { "A" },
            ["C"] = new() { "D" }, ["D"] = new() { "E" }, ["E"] = new() { "C", "F" }, ["F"] = new(),
        };
        Assert.Equal(new[] { "A>B", "C>D>E" }, Cycles(graph));
    }
}
