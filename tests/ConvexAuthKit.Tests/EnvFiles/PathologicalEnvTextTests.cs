using ConvexAuthKit.Diagnostics;
using ConvexAuthKit.EnvFiles;

namespace ConvexAuthKit.Tests.EnvFiles;

/// <summary>
/// Texts near the 1 MiB cap that make a naive run of dotenv's pattern backtrack for each line: they are read
/// (or refused) like any other text. A quadratic reader would take hours on these.
/// </summary>
public sealed class PathologicalEnvTextTests
{
    private const int Size = 1_000_000;

    [Fact]
    public void A_long_blank_stretch_before_an_assignment_is_read()
    {
        var parsed = DotEnvParser.Parse(new string('\n', Size) + "A=b\n");

        Assert.Equal("b", parsed["A"]);
    }

    [Fact]
    public void A_long_blank_stretch_before_a_word_is_refused_at_its_line()
    {
        var error = Assert.Throws<ConvexAuthKitException>(() => DotEnvParser.Parse(new string('\n', Size) + "X\n"));

        Assert.Equal(DiagnosticCodes.EnvFileInvalid, error.Code);
        Assert.Equal(Size + 1, error.Line);
    }

    [Fact]
    public void Many_unclosed_quotes_and_escaped_quotes_are_read()
    {
        string text = string.Concat(Enumerable.Repeat("A=\"\\\"x\\\"\nB='\\'\n", Size / 16));

        var parsed = DotEnvParser.Parse(text);

        Assert.Equal(2, parsed.Count);
    }

    [Fact]
    public void A_value_with_many_quoted_line_starts_is_read()
    {
        // Each U+2028 starts a line inside one unquoted value, and each of those lines opens a quote that never closes.
        string text = "A=x" + string.Concat(Enumerable.Repeat("\u2028'a", Size / 3)) + "\n";

        var parsed = DotEnvParser.Parse(text);

        Assert.StartsWith("x\u2028'a", parsed["A"]);
    }
}
