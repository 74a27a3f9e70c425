using System.Text.RegularExpressions;
using ConvexAuthKit.Tests.Support;

namespace ConvexAuthKit.Tests.Docs;

/// <summary>
/// Comments in src/ and tests/ cite the repository's own docs: every docs/&lt;file&gt;.md they name exists, every #section is a
/// heading of it, and nothing cites a document the repository does not hold.
/// </summary>
public sealed class SourceDocReferencesTests
{
    private static IEnumerable<string> SourceFiles() =>
        new[] { "src", "tests" }.SelectMany(top => Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, top), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"));

    /// <summary>A heading's anchor as GitHub makes it: lower case, punctuation dropped, spaces to hyphens.</summary>
    private static string Slug(string heading) =>
        Regex.Replace(heading.Trim().ToLowerInvariant(), @"[^a-z0-9 _-]", "").Replace(' ', '-');

    [Fact]
    public void Every_doc_a_comment_cites_exists_with_its_section()
    {
        var cited = SourceFiles()
            .SelectMany(f => Regex.Matches(File.ReadAllText(f), @"docs/([A-Za-z0-9_-]+\.md)(?:#([a-z0-9_-]+))?").Select(m => (File: f, Doc: m.Groups[1].Value, Anchor: m.Groups[2].Value)))
            .ToList();
        Assert.NotEmpty(cited);
        foreach (var (file, doc, anchor) in cited)
        {
            var path = Path.Combine(RepositoryPaths.Root, "docs", doc);
            Assert.True(File.Exists(path), $"{file} cites docs/{doc}, which does not exist");
            if (anchor.Length == 0)
                continue;
            var anchors = Regex.Matches(File.ReadAllText(path), @"^#+ (.+)$", RegexOptions.Multiline).Select(m => Slug(m.Groups[1].Value));
            Assert.True(anchors.Contains(anchor), $"{file} cites docs/{doc}#{anchor}, which is not a heading there");
        }
    }

    [Fact]
    public void No_comment_cites_a_document_outside_the_repository()
    {
        var offenders = SourceFiles().Where(f => File.ReadAllText(f).Contains("reference " + "§")).ToList();
        Assert.Empty(offenders);
    }
}
