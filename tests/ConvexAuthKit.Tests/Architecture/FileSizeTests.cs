using ConvexAuthKit.Tests.Support;

namespace ConvexAuthKit.Tests.Architecture;

/// <summary>No source file of the core or the task is over ~300 lines unless its top says why it is one file ("One file because:").</summary>
public sealed class FileSizeTests
{
    private const int MaxLines = 300;
    private const string Reason = "One file because:";

    [Fact]
    public void Long_files_say_why_they_are_one_file()
    {
        var roots = new[] { Path.Combine(RepositoryPaths.Root, "src", "ConvexAuthKit.Core"), Path.Combine(RepositoryPaths.Root, "src", "ConvexAuthKit.Tasks") };
        var unexplained = roots
            .SelectMany(root => Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
                .Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar) && !f.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar)))
            .Select(f => (File: f, Lines: File.ReadAllLines(f)))
            .Where(f => f.Lines.Length > MaxLines && !f.Lines.Take(40).Any(l => l.Contains(Reason, StringComparison.Ordinal)))
            .Select(f => $"{Path.GetRelativePath(RepositoryPaths.Root, f.File)} ({f.Lines.Length} lines)")
            .ToList();

        Assert.True(unexplained.Count == 0, $"split these, or say at the top why each is one file (\"{Reason} …\"):\n" + string.Join("\n", unexplained));
    }
}
