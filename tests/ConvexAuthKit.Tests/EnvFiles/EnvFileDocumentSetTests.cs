using ConvexAuthKit.Diagnostics;
using ConvexAuthKit.EnvFiles;

namespace ConvexAuthKit.Tests.EnvFiles;

/// <summary>The byte-level editing rules of docs/cli-rules.md#editing-envlocal, including the CLI bugs we deliberately do not reproduce.</summary>
public class EnvFileDocumentSetTests
{
    private const string Comment = "# See this environment at https://dashboard.workos.com/environment_01/authentication";

    private static (EnvEdit Edit, string Text) Set(string text, string name, string value, string? comment = null)
    {
        var document = EnvFileDocument.FromText(text);
        var edit = document.Set(name, value, comment);
        return (edit, document.Text);
    }

    [Fact]
    public void Appending_to_file_ending_with_newline_adds_one_blank_line()
    {
        Assert.Equal((EnvEdit.Appended, "A=1\n\nB=2\n"), Set("A=1\n", "B", "2"));
    }

    [Fact]
    public void Appending_to_file_without_trailing_newline_adds_two_newlines()
    {
        Assert.Equal((EnvEdit.Appended, "A=1\n\nB=2\n"), Set("A=1", "B", "2"));
    }

    [Fact]
    public void Appending_puts_the_comment_line_right_before_the_assignment()
    {
        Assert.Equal((EnvEdit.Appended, $"A=1\n\n{Comment}\nB=2\n"), Set("A=1\n", "B", "2", Comment));
    }

    [Fact]
    public void Empty_document_starts_with_the_comment_line()
    {
        Assert.Equal((EnvEdit.Appended, $"{Comment}\nB=2\n"), Set("", "B", "2", Comment));
    }

    [Fact]
    public void Empty_document_without_comment_starts_with_the_assignment()
    {
        Assert.Equal((EnvEdit.Appended, "B=2\n"), Set("", "B", "2"));
    }

    [Fact]
    public void Each_appended_variable_follows_a_blank_line()
    {
        var document = EnvFileDocument.FromText("");
        document.Set("A", "1", Comment);
        document.Set("B", "2");

        Assert.Equal($"{Comment}\nA=1\n\nB=2\n", document.Text);
    }

    [Fact]
    public void Same_value_is_unchanged_and_leaves_text_as_is()
    {
        var document = EnvFileDocument.FromText("A=1 # note\n");

        Assert.Equal(EnvEdit.Unchanged, document.Set("A", "1", Comment));
        Assert.Equal("A=1 # note\n", document.Text);
        Assert.False(document.IsModified);
    }

    [Fact]
    public void Different_value_replaces_only_that_line()
    {
        Assert.Equal((EnvEdit.Replaced, "# top\nA=1\nB=new\n\nC=3"), Set("# top\nA=1\nB=old\n\nC=3", "B", "new", Comment));
    }

    [Fact]
    public void Replacing_rewrites_the_whole_line_including_indent_and_inline_comment()
    {
        Assert.Equal((EnvEdit.Replaced, "A=new\nB=2\n"), Set("  A = \"old\" # note\nB=2\n", "A", "new"));
    }

    [Fact]
    public void Replacing_matches_exact_key_not_prefix()
    {
        Assert.Equal((EnvEdit.Replaced, "NAME_OLD=x\nNAME=new\n"), Set("NAME_OLD=x\nNAME=y\n", "NAME", "new"));
    }

    [Fact]
    public void Longer_name_with_same_prefix_is_not_taken_for_the_variable()
    {
        Assert.Equal((EnvEdit.Appended, "WORKOS_CLIENT_ID_OLD=x\n\nWORKOS_CLIENT_ID=new\n"), Set("WORKOS_CLIENT_ID_OLD=x\n", "WORKOS_CLIENT_ID", "new"));
    }

    [Fact]
    public void Export_line_is_replaced_keeping_export()
    {
        Assert.Equal((EnvEdit.Replaced, "export A=new\nB=2\n"), Set("export A=old\nB=2\n", "A", "new"));
    }

    [Fact]
    public void Export_line_value_is_read()
    {
        Assert.Equal("v", EnvFileDocument.FromText("export A=v\n").GetValue("A"));
    }

    [Fact]
    public void Crlf_file_gets_crlf_appends()
    {
        Assert.Equal((EnvEdit.Appended, $"A=1\r\n\r\n{Comment}\r\nB=2\r\n"), Set("A=1\r\n", "B", "2", Comment));
    }

    [Fact]
    public void Crlf_file_without_trailing_newline_gets_crlf_separators()
    {
        Assert.Equal((EnvEdit.Appended, "A=1\r\nC=3\r\n\r\nB=2\r\n"), Set("A=1\r\nC=3", "B", "2"));
    }

    [Fact]
    public void Crlf_file_keeps_crlf_on_the_replaced_line()
    {
        Assert.Equal((EnvEdit.Replaced, "A=new\r\nB=2\r\n"), Set("A=old\r\nB=2\r\n", "A", "new"));
    }

    [Fact]
    public void Name_inside_a_comment_line_is_not_an_assignment()
    {
        var document = EnvFileDocument.FromText("# WORKOS_COOKIE_PASSWORD=abc\n");

        Assert.False(document.HasAssignment("WORKOS_COOKIE_PASSWORD"));
        Assert.Null(document.GetValue("WORKOS_COOKIE_PASSWORD"));
        Assert.Equal(EnvEdit.Appended, document.Set("WORKOS_COOKIE_PASSWORD", "pw"));
        Assert.Equal("# WORKOS_COOKIE_PASSWORD=abc\n\nWORKOS_COOKIE_PASSWORD=pw\n", document.Text);
    }

    [Fact]
    public void Multiline_quoted_value_is_replaced_with_all_its_lines()
    {
        Assert.Equal((EnvEdit.Replaced, "X=0\nA=new\nB=2\n"), Set("X=0\nA=\"line1\nline2\nline3\"\nB=2\n", "A", "new"));
    }

    [Fact]
    public void Duplicate_assignment_replaces_the_last_one_which_is_the_one_dotenv_reads()
    {
        var document = EnvFileDocument.FromText("A=1\nA=2\n");

        Assert.Equal("2", document.GetValue("A"));
        Assert.Equal(EnvEdit.Replaced, document.Set("A", "3"));
        Assert.Equal("A=1\nA=3\n", document.Text);
    }

    [Fact]
    public void Duplicate_assignment_matching_the_effective_value_is_unchanged()
    {
        Assert.Equal((EnvEdit.Unchanged, "A=1\nA=2\n"), Set("A=1\nA=2\n", "A", "2"));
    }

    [Fact]
    public void Value_is_written_raw_without_quotes()
    {
        Assert.Equal((EnvEdit.Appended, "A=http://localhost:5173/callback?x=1&y=2\n"), Set("", "A", "http://localhost:5173/callback?x=1&y=2"));
    }

    [Fact]
    public void Empty_value_is_written_as_name_and_equals_sign()
    {
        Assert.Equal((EnvEdit.Replaced, "A=\n"), Set("A=1\n", "A", ""));
    }

    [Fact]
    public void Value_that_raw_writing_would_corrupt_is_quoted_so_it_reads_back_unchanged()
    {
        var document = EnvFileDocument.FromText("");
        document.Set("A", "http://x/#/callback");
        document.Set("B", " padded ");

        Assert.Equal("A='http://x/#/callback'\n\nB=' padded '\n", document.Text);
        Assert.Equal("http://x/#/callback", DotEnvParser.Parse(document.Text)["A"]);
        Assert.Equal(" padded ", DotEnvParser.Parse(document.Text)["B"]);
    }

    [Fact]
    public void Write_swallowed_by_an_earlier_unclosed_quote_reports_CAK0004_and_leaves_document_unchanged()
    {
        var document = EnvFileDocument.FromText("A='abc\n");

        var error = Assert.Throws<ConvexAuthKitException>(() => document.Set("B", "x'"));

        Assert.Equal(DiagnosticCodes.EnvFileInvalid, error.Code);
        Assert.DoesNotContain("x'", error.Message);
        Assert.Equal("A='abc\n", document.Text);
        Assert.Null(document.GetValue("B"));
    }

    [Fact]
    public void Setting_back_the_original_value_leaves_document_unmodified()
    {
        var document = EnvFileDocument.FromText("A=1\n");
        document.Set("A", "2");
        Assert.True(document.IsModified);

        document.Set("A", "1");

        Assert.False(document.IsModified);
    }

    [Theory]
    [InlineData("")]
    [InlineData("A B")]
    [InlineData("A=B")]
    [InlineData("A#")]
    public void Invalid_name_is_refused(string name)
    {
        Assert.Throws<ArgumentException>(() => EnvFileDocument.FromText("").Set(name, "v"));
    }

    [Theory]
    [InlineData("not a comment")]
    public void Comment_that_is_not_one_comment_line_is_refused(string comment)
    {
        Assert.Throws<ArgumentException>(() => EnvFileDocument.FromText("").Set("A", "v", comment));
    }

    // A comment holding a line break is refused too, now with a code (it is built from a server's environment id).
    [Theory]
    [InlineData("# two\n# lines")]
    [InlineData("# See this environment at https://dashboard.workos.com/env\u2028A=injected/authentication")]
    [InlineData("# two\u2029B=x")]
    [InlineData("# two\r# lines")]
    [InlineData("# \u001b]8;;https://evil\u0007link")]
    public void Comment_that_could_end_its_line_early_is_refused_with_CAK0013(string comment)
    {
        var document = EnvFileDocument.FromText("A=1\n");

        var error = Assert.Throws<ConvexAuthKitException>(() => document.Set("B", "v", comment));

        Assert.Equal(DiagnosticCodes.EnvValueUnwritable, error.Code);
        Assert.Equal("A=1\n", document.Text);
    }

    public static TheoryData<string, string> UnwritableValues => new()
    {
        { "LF", "a\nB=injected" },
        { "CR", "a\rB=injected" },
        { "CRLF", "a\r\nB=injected" },
        { "U+2028", "a\u2028B=injected" },
        { "U+2029", "a\u2029B=injected" },
        { "NEL", "a\u0085B=injected" },
        { "ESC", "\u001b[31mred" },
        { "NUL", "a\u0000b" },
        { "DEL", "a\u007fb" },
        { "C1 CSI", "a\u009b31mb" },
        { "vertical tab", "a\u000bb" },
        { "every quote with a hash", "'a\" `#` b'\"" },
    };

    [Theory]
    [MemberData(nameof(UnwritableValues))]
    public void Value_that_cannot_be_one_line_read_back_unchanged_is_CAK0013_and_changes_nothing(string caseName, string value)
    {
        var document = EnvFileDocument.FromText("A=old\n", "/p/.env.local");

        var appended = Assert.Throws<ConvexAuthKitException>(() => document.Set("B", value));
        var replaced = Assert.Throws<ConvexAuthKitException>(() => document.Set("A", value));

        Assert.True(DiagnosticCodes.EnvValueUnwritable == appended.Code, caseName);
        Assert.Equal(DiagnosticCodes.EnvValueUnwritable, replaced.Code);
        Assert.Equal("/p/.env.local", appended.File);
        Assert.DoesNotContain("injected", appended.Message);
        Assert.Equal("A=old\n", document.Text);
        Assert.False(document.IsModified);
        Assert.False(EnvAssignmentFormatter.CanWrite("B", value, out var reason));
        Assert.NotNull(reason);
    }

    [Fact]
    public void Value_with_half_a_surrogate_pair_is_CAK0013()
    {
        // Built here: xunit would turn a lone surrogate in theory data into U+FFFD.
        string value = "a" + (char)0xD800 + "b";

        var error = Assert.Throws<ConvexAuthKitException>(() => EnvFileDocument.FromText("").Set("A", value));

        Assert.Equal(DiagnosticCodes.EnvValueUnwritable, error.Code);
    }

    [Fact]
    public void Tab_inside_a_value_is_written_and_reads_back()
    {
        var document = EnvFileDocument.FromText("");
        document.Set("A", "a\tb");

        Assert.Equal("a\tb", DotEnvParser.Parse(document.Text)["A"]);
    }

    [Fact]
    public void Proto_name_which_dotenv_never_reads_back_is_CAK0013()
    {
        var error = Assert.Throws<ConvexAuthKitException>(() => EnvFileDocument.FromText("").Set("__proto__", "v"));

        Assert.Equal(DiagnosticCodes.EnvValueUnwritable, error.Code);
    }
}
