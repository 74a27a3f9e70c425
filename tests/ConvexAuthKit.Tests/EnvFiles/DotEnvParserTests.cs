using ConvexAuthKit.Diagnostics;
using ConvexAuthKit.EnvFiles;

namespace ConvexAuthKit.Tests.EnvFiles;

public class DotEnvParserTests
{
    // Lines Node's dotenv silently drops (its result is in the comment); we refuse them with the line number so
    // a build never runs on a file whose lines it quietly ignored.
    public static TheoryData<string, string, int> LinesNodeIgnores => new()
    {
        { "a bare word (Node: {A:b})", "JUSTAWORD\nA=b\n", 1 },
        { "words without '=' (Node: {A:b})", "just some words\nA=b\n", 1 },
        { "colon without a blank (Node: {})", "A:b\n", 1 },
        { "'export' alone (Node: {})", "export\n", 1 },
        { "'=' without a name (Node: {A:c})", "=b\nA=c\n", 1 },
        { "text after a closing quote on a later line (Node: {A:'x, B:c})", "A='x\ny' z\nB=c\n", 2 },
        { "colon at end of line (Node: {A:B=c}, taking the next line as the value)", "A:\nB=c\n", 1 },
        { "'=' on the next line (Node: {A:b})", "A\n=b\n", 1 },
        { "a quoted line after an empty value (Node: {A:x})", "A=\n\"x\"\n", 2 },
        { "'export' with the name on the next line (Node: {A:b})", "export\nA=b\n", 1 },
        // U+2028 and U+2029 end lines for dotenv's regex, though not for editors: same rules, same physical line.
        { "a word before U+2028 (Node: {A:b})", "X\u2028A=b\n", 1 },
        { "text after a closing quote and U+2028 (Node: {A:a})", "C=1\nA='a'\u2028b\n", 2 },
        { "value after U+2028 (Node: {A:b})", "A=\u2028b\n", 1 },
        { "name after export and U+2029 (Node: {A:b})", "export\u2029A=b\n", 1 },
    };

    [Theory]
    [MemberData(nameof(LinesNodeIgnores))]
    public void Line_node_would_silently_ignore_reports_CAK0004_with_its_line(string caseName, string input, int line)
    {
        var error = Assert.Throws<ConvexAuthKitException>(() => DotEnvParser.Parse(input));

        Assert.Equal(DiagnosticCodes.EnvFileInvalid, error.Code);
        Assert.True(line == error.Line, $"{caseName}: expected line {line}, got {error.Line}");
    }

    [Fact]
    public void Unparseable_line_error_names_file_and_line_but_not_the_text()
    {
        var error = Assert.Throws<ConvexAuthKitException>(() => DotEnvParser.Parse("A=1\nsk_test_SECRET\n", "/p/.env.local"));

        Assert.Equal("/p/.env.local", error.File);
        Assert.Equal(2, error.Line);
        Assert.Contains("/p/.env.local", error.Message);
        Assert.DoesNotContain("SECRET", error.Message);
    }

    [Fact]
    public void Later_assignment_of_the_same_name_wins_as_in_node()
    {
        Assert.Equal("second", DotEnvParser.Parse("A=first\nA=second\n")["A"]);
    }

    [Fact]
    public void Variables_from_the_process_environment_are_not_expanded()
    {
        string name = "CAK_ENVFILES_TEST_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(name, "from-environment");
        try
        {
            var parsed = DotEnvParser.Parse($"A=${name}\nB=\"${{{name}}}\"\n");

            Assert.Equal("$" + name, parsed["A"]);
            Assert.Equal("${" + name + "}", parsed["B"]);
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    [Fact]
    public void Parsing_does_not_set_process_environment_variables()
    {
        string name = "CAK_ENVFILES_TEST_" + Guid.NewGuid().ToString("N");

        DotEnvParser.Parse($"{name}=value\n");

        Assert.Null(Environment.GetEnvironmentVariable(name));
    }

    [Fact]
    public void Parsing_does_not_take_values_from_the_process_environment()
    {
        string name = "CAK_ENVFILES_TEST_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(name, "from-environment");
        try
        {
            Assert.Equal("from-file", DotEnvParser.Parse($"{name}=from-file\n")[name]);
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    [Fact]
    public void Empty_text_has_no_variables()
    {
        Assert.Empty(DotEnvParser.Parse(""));
    }
}
