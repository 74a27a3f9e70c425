using ConvexAuthKit.EnvFiles;

namespace ConvexAuthKit.Tests.EnvFiles;

/// <summary>
/// DotEnvParser must read what Node's dotenv reads. Every expected value below was produced by
/// <c>require("dotenv").parse(Buffer.from(input))</c> with dotenv 17.4.2 and 16.6.1 (the CLI 1.48's; the cases from
/// ctrl_unquoted on were taken with 16.6.1 only); NodeDotenvDifferentialTests checks against Node itself;
/// the lines Node silently drops, where we report CAK0004 instead, are in <see cref="DotEnvParserTests"/>.
/// </summary>
public class NodeDotenvCompatibilityTests
{
    // case name, input, expected names and values alternating (Node's output)
    public static TheoryData<string, string, string[]> NodeResults => new()
    {
        { "single", "A='b c'\n", new[] { "A", "b c" } },
        { "double", "A=\"b c\"\n", new[] { "A", "b c" } },
        { "backtick", "A=`b c`\n", new[] { "A", "b c" } },
        { "double_escn", "A=\"x\\ny\"\n", new[] { "A", "x\ny" } },
        { "single_escn", "A='x\\ny'\n", new[] { "A", "x\\ny" } },
        { "unq_escn", "A=x\\ny\n", new[] { "A", "x\\ny" } },
        { "double_escq", "A=\"x\\\"y\"\n", new[] { "A", "x\\\"y" } },
        { "double_esct", "A=\"x\\ty\\\\z\"\n", new[] { "A", "x\\ty\\\\z" } },
        { "double_escr", "A=\"x\\ry\"\n", new[] { "A", "x\ry" } },
        { "inline_comment", "A=b # c\n", new[] { "A", "b" } },
        { "inline_comment_quoted", "A=\"b\" # c\n", new[] { "A", "b" } },
        { "hash_nospace", "A=b#c\n", new[] { "A", "b" } },
        { "hash_in_double", "A=\"b#c\"\n", new[] { "A", "b#c" } },
        { "hash_in_single", "A='b # c'\n", new[] { "A", "b # c" } },
        { "export", "export A=b\n", new[] { "A", "b" } },
        { "export_tabs", "export\tA=b\n", new[] { "A", "b" } },
        { "brace_interp", "OTHER=x\nA=${OTHER}\n", new[] { "OTHER", "x", "A", "${OTHER}" } },
        { "dollar_interp", "OTHER=x\nA=$OTHER\n", new[] { "OTHER", "x", "A", "$OTHER" } },
        { "dollar_interp_dq", "OTHER=x\nA=\"$OTHER-y\"\n", new[] { "OTHER", "x", "A", "$OTHER-y" } },
        { "dollar_env_home", "A=$HOME\n", new[] { "A", "$HOME" } },
        { "dollar_alone", "A=pa$$word\n", new[] { "A", "pa$$word" } },
        { "empty", "A=\n", new[] { "A", "" } },
        { "empty_dq", "A=\"\"\n", new[] { "A", "" } },
        { "empty_sq", "A=''\n", new[] { "A", "" } },
        { "spaces_around_eq", "A = b\n", new[] { "A", "b" } },
        { "spaces_trailing", "A=b   \n", new[] { "A", "b" } },
        { "leading_spaces_value", "A=   b\n", new[] { "A", "b" } },
        { "spaces_inside_dq", "A=\"  b  \"\n", new[] { "A", "  b  " } },
        { "indented_key", "   A=b\n", new[] { "A", "b" } },
        { "key_dot", "a.b=c\n", new[] { "a.b", "c" } },
        { "key_dash", "a-b=c\n", new[] { "a-b", "c" } },
        { "key_digit_first", "1A=c\n", new[] { "1A", "c" } },
        { "crlf", "A=b\r\nC=d\r\n", new[] { "A", "b", "C", "d" } },
        { "crlf_dq", "A=\"b\"\r\nC=\"x\r\ny\"\r\n", new[] { "A", "b", "C", "x\ny" } },
        { "cr_only", "A=b\rC=d\r", new[] { "A", "b", "C", "d" } },
        { "bom", "\ufeffA=b\nC=d\n", new[] { "A", "b", "C", "d" } },
        { "unterminated_dq", "A=\"abc\nB=d\n", new[] { "A", "\"abc", "B", "d" } },
        { "unterminated_sq", "A='abc\nB=d\n", new[] { "A", "'abc", "B", "d" } },
        { "unterminated_dq_later_quote", "A=\"abc\nB=d\nC=\"e\"\n", new[] { "A", "\"abc", "B", "d", "C", "e" } },
        { "multiline_dq", "A=\"line1\nline2\"\nB=c\n", new[] { "A", "line1\nline2", "B", "c" } },
        { "multiline_sq", "A='line1\nline2'\nB=c\n", new[] { "A", "line1\nline2", "B", "c" } },
        { "multiline_bt", "A=`line1\nline2`\nB=c\n", new[] { "A", "line1\nline2", "B", "c" } },
        { "multiline_dq_crlf", "A=\"line1\r\nline2\"\r\nB=c\r\n", new[] { "A", "line1\nline2", "B", "c" } },
        { "dup", "A=first\nA=second\n", new[] { "A", "second" } },
        { "colon_syntax", "A: b\n", new[] { "A", "b" } },
        { "eq_in_value", "A=b=c\n", new[] { "A", "b=c" } },
        { "url", "A=https://x.com/p?q=1&r=2\n", new[] { "A", "https://x.com/p?q=1&r=2" } },
        { "quoted_then_garbage", "A=\"b\" c\n", new[] { "A", "\"b\" c" } },
        { "mixed_quotes", "A=\"b'\n", new[] { "A", "\"b'" } },
        { "single_quote_inner_double", "A='say \"hi\"'\n", new[] { "A", "say \"hi\"" } },
        { "comment_line", "# A=b\nC=d\n", new[] { "C", "d" } },
        { "comment_indented", "  # A=b\nC=d\n", new[] { "C", "d" } },
        { "no_trailing_newline", "A=b", new[] { "A", "b" } },
        { "blank_lines", "\n\nA=b\n\n\nC=d\n", new[] { "A", "b", "C", "d" } },
        { "tab_before_comment", "A=b\t# c\n", new[] { "A", "b" } },
        { "value_with_spaces", "A=hello world\n", new[] { "A", "hello world" } },
        { "convex_deployment", "CONVEX_DEPLOYMENT=dev:happy-animal-123 # team: acme, project: my-app\n", new[] { "CONVEX_DEPLOYMENT", "dev:happy-animal-123" } },
        { "json_dq", "A=\"{\\\"a\\\":1}\"\n", new[] { "A", "{\\\"a\\\":1}" } },
        { "json_sq", "A='{\"a\":1}'\n", new[] { "A", "{\"a\":1}" } },
        { "unicode", "A=h\u00e9llo \u2713\n", new[] { "A", "h\u00e9llo \u2713" } },
        { "export_as_key", "export=1\n", new[] { "export", "1" } },
        { "key_space_before_eq_quoted", "A = \"b\"\n", new[] { "A", "b" } },
        { "value_single_in_middle", "A=it's\n", new[] { "A", "it's" } },
        { "dq_escaped_backslash_n", "A=\"a\\\\nb\"\n", new[] { "A", "a\\\nb" } },
        { "sq_with_hash_after", "A='b' # c\n", new[] { "A", "b" } },
        { "dq_trailing_spaces_then_comment", "A=\"b\"    #c\n", new[] { "A", "b" } },
        { "key_only_eq_spaces", "A=   \n", new[] { "A", "" } },
        { "lowercase_key", "foo=bar\n", new[] { "foo", "bar" } },
        { "sq_escaped_quote", "A='a\\'b'\n", new[] { "A", "a\\'b" } },
        { "dq_backslash_before_close_then_more", "A=\"a\\\"\nB=c\"\n", new[] { "A", "a\\\"\nB=c" } },
        { "dq_escaped_close_fallback", "A=\"a\\\" x\n", new[] { "A", "\"a\\\" x" } },
        { "unq_starts_ends_quote", "A='a' b 'c'\n", new[] { "A", "a' b 'c" } },
        { "unq_dq_escape_unterminated", "A=\"a\\nb\n", new[] { "A", "\"a\nb" } },
        { "dq_swallows_next", "A=\"abc\nB=d\"\n", new[] { "A", "abc\nB=d" } },
        { "hash_only_value", "A=#c\n", new[] { "A", "" } },
        { "single_char_quote", "A=\"\n", new[] { "A", "\"" } },
        { "quote_then_comment_line", "A=\"x\"\n# c\nD=e\n", new[] { "A", "x", "D", "e" } },
        { "nbsp_value", "A=\u00a0b\u00a0\n", new[] { "A", "b" } },
        { "tab_around", "A\t=\tb\t\n", new[] { "A", "b" } },
        { "export_multi_spaces", "export    A=b\n", new[] { "A", "b" } },
        { "export_eq", "export =1\n", new[] { "export", "1" } },
        { "bt_with_dq_inside", "A=`say \"hi\" 'x'`\n", new[] { "A", "say \"hi\" 'x'" } },
        { "dq_value_then_hash_no_space", "A=\"b\"#c\n", new[] { "A", "b" } },
        { "dq_cr_in_multiline", "A=\"x\r\ny\"\n", new[] { "A", "x\ny" } },
        { "dollar_brace_default", "A=${B:-def}\n", new[] { "A", "${B:-def}" } },
        { "backslash_n_unquoted_after_dq_first", "A=\"x\\ny\" z\n", new[] { "A", "\"x\ny\" z" } },
        { "emoji", "A=\ud83d\ude00x\nB='\ud83d\ude80'\n", new[] { "A", "\ud83d\ude00x", "B", "\ud83d\ude80" } },
        { "dq_farthest_escaped_quote", "A=\"x\\\" y\\\"\n", new[] { "A", "x\\\" y\\" } },
        { "dup_export_then_plain", "export A=first\nA=second\n", new[] { "A", "second" } },
        { "sq_dollar", "A='$HOME ${X}'\n", new[] { "A", "$HOME ${X}" } },
        { "export_line_with_comment", "export A=\"b\" # c\n", new[] { "A", "b" } },
        { "multiline_sq_crlf", "A='x\r\ny'\r\nB=c\r\n", new[] { "A", "x\ny", "B", "c" } },
        { "trailing_comment_no_newline", "A=b\n# end", new[] { "A", "b" } },
        { "value_with_equals_and_quotes", "A=x=\"y\"\n", new[] { "A", "x=\"y\"" } },
        // dotenv 16.6.1 (the version the Convex CLI 1.48 bundles): control characters are read as written, ...
        { "ctrl_unquoted", "A=a\u0001b\u001fc\u007fd\u0080e\u009ff\n", new[] { "A", "a\u0001b\u001fc\u007fd\u0080e\u009ff" } },
        { "ctrl_dq", "A=\"\u001b[31mred\u001b[0m\"\n", new[] { "A", "\u001b[31mred\u001b[0m" } },
        { "ctrl_sq", "A='\u0007\u0008\u000b\u000c'\n", new[] { "A", "\u0007\u0008\u000b\u000c" } },
        { "esc_sequence_unquoted", "A=\u001b]8;;http://x\u0007link\u001b]8;;\u0007\n", new[] { "A", "\u001b]8;;http://x\u0007link\u001b]8;;\u0007" } },
        { "c1_csi", "A=x\u009b2Jy\n", new[] { "A", "x\u009b2Jy" } },
        { "vt_ff_edges", "A=\u000bb\u000c\n", new[] { "A", "b" } },
        { "nel_inside", "A=b\u0085c\n", new[] { "A", "b\u0085c" } },
        { "dq_escn_then_escr", "A=\"\\\\n\\\\r\"\n", new[] { "A", "\\\n\\\r" } },
        // ... __proto__ is dropped (a plain object ignores it) while other Object.prototype names are kept, ...
        { "proto", "__proto__=x\nB=1\n", new[] { "B", "1" } },
        { "proto_export", "export __proto__=x\n", new string[0] },
        { "constructor", "constructor=1\ntoString=2\n", new[] { "constructor", "1", "toString", "2" } },
        // ... and U+2028/U+2029 end a line for ^, $ and '.', but not for an unquoted value's [^#\r\n]+.
        { "ls_unquoted_joins", "A=b\u2028D=e\n", new[] { "A", "b\u2028D=e" } },
        { "ls_after_comment", "A=b#c\u2028D=e\n", new[] { "A", "b", "D", "e" } },
        { "ls_after_dq", "A=\"x\"\u2028B=c\n", new[] { "A", "x", "B", "c" } },
        { "ps_after_sq", "A='x'\u2029B=c\n", new[] { "A", "x", "B", "c" } },
        { "ls_comment_line", "# c\u2028A=b\n", new[] { "A", "b" } },
        { "ls_inside_dq", "A=\"a\u2028b\"\n", new[] { "A", "a\u2028b" } },
        { "ls_before_quoted", "A=x\u2028'a'\n", new[] { "A", "x\u2028a" } },
        { "ls_bt", "A=`\u2028`\n", new[] { "A", "\u2028" } },
    };

    [Theory]
    [MemberData(nameof(NodeResults))]
    public void Parse_agrees_with_node_dotenv(string caseName, string input, string[] expectedNamesAndValues)
    {
        var expected = new SortedDictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < expectedNamesAndValues.Length; i += 2)
            expected[expectedNamesAndValues[i]] = expectedNamesAndValues[i + 1];

        var actual = new SortedDictionary<string, string>(DotEnvParser.Parse(input).ToDictionary(), StringComparer.Ordinal);

        Assert.True(expected.SequenceEqual(actual), $"{caseName}: expected {Show(expected)} but got {Show(actual)}");
    }

    private static string Show(IEnumerable<KeyValuePair<string, string>> variables)
        => string.Join(", ", variables.Select(pair => $"{pair.Key}=[{pair.Value.Replace("\n", "\\n").Replace("\r", "\\r")}]"));
}
