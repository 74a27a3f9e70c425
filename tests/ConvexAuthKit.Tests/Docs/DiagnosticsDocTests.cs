using System.Reflection;
using System.Text.RegularExpressions;
using ConvexAuthKit.Diagnostics;
using ConvexAuthKit.Tests.Support;

namespace ConvexAuthKit.Tests.Docs;

/// <summary>docs/diagnostics.md and DiagnosticCodes stay in step: every code documented once, nothing documented that does not exist.</summary>
public sealed class DiagnosticsDocTests
{
    private static string RepoRoot => RepositoryPaths.Root;

    private static IReadOnlyList<string> Codes() => typeof(DiagnosticCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral)
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToList();

    private static IReadOnlyList<string> DocumentedCodes() =>
        Regex.Matches(File.ReadAllText(Path.Combine(RepoRoot, "docs", "diagnostics.md")), @"^\| (?:<a id=""cak\d{4}""></a>)?`?(CAK\d{4})`? \|", RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value).ToList();

    [Fact]
    public void Every_code_is_unique()
    {
        var codes = Codes();
        Assert.Equal(codes.Count, codes.Distinct().Count());
    }

    [Fact]
    public void Every_code_has_one_row_in_docs_diagnostics()
    {
        var documented = DocumentedCodes();
        foreach (var code in Codes())
            Assert.True(documented.Count(c => c == code) == 1, $"{code} must have exactly one row in docs/diagnostics.md");
    }

    [Fact]
    public void Docs_list_no_code_that_does_not_exist()
    {
        Assert.Empty(DocumentedCodes().Except(Codes()));
    }

    [Fact]
    public void Every_code_has_an_anchor_the_help_link_can_point_at()
    {
        var text = File.ReadAllText(Path.Combine(RepoRoot, "docs", "diagnostics.md"));
        foreach (var code in Codes())
            Assert.Contains($"<a id=\"{code.ToLowerInvariant()}\"></a>", text);
    }
}
