using ConvexAuthKit.Scanning;

namespace ConvexAuthKit.Tests.Scanning;

/// <summary>The lexer on its own: token kinds, cooked values and line numbers.</summary>
public class JsLexerTests
{
    private static IReadOnlyList<Token> Lex(string source) => JsLexer.Lex(source, "auth.config.ts").Tokens;

    [Fact]
    public void Template_with_nested_template_is_flattened_into_head_substitution_tail()
    {
        var tokens = Lex("`a${`b${c}`}d`");

        Assert.Equal(
            new[] { TokenKind.TemplateHead, TokenKind.TemplateHead, TokenKind.Identifier, TokenKind.TemplateTail, TokenKind.TemplateTail },
            tokens.Select(token => token.Kind));
        Assert.Equal(new[] { "a", "b", "c", "", "d" }, tokens.Select(token => token.Text));
    }

    [Fact]
    public void Object_literal_inside_a_substitution_does_not_end_it()
    {
        var tokens = Lex("`x${ { a: 1 }.a }y`");

        Assert.Equal(TokenKind.TemplateTail, tokens[^1].Kind);
        Assert.Equal("y", tokens[^1].Text);
    }

    [Fact]
    public void Regex_literal_containing_quotes_is_one_token()
    {
        var tokens = Lex("x.replace(/[\"'`]/g, '')");

        Assert.Contains(tokens, token => token.Kind == TokenKind.Regex && token.Text == "/[\"'`]/g");
        Assert.Equal(TokenKind.String, tokens[^2].Kind);
    }

    [Fact]
    public void Slash_after_a_value_is_division()
    {
        var tokens = Lex("a / b / c");

        Assert.Equal(2, tokens.Count(token => token.IsPunctuator("/")));
    }

    [Fact]
    public void Slash_after_return_starts_a_regex()
    {
        Assert.Contains(Lex("return /a'b/.test(x)"), token => token.Kind == TokenKind.Regex);
    }

    [Fact]
    public void Keyword_used_as_a_property_name_is_followed_by_division()
    {
        var tokens = Lex("const r = range.in / 2; const q = '/';");

        Assert.DoesNotContain(tokens, token => token.Kind == TokenKind.Regex);
        Assert.Equal("/", tokens.Single(token => token.Kind == TokenKind.String).Text);
    }

    [Theory]
    [InlineData(1_000)]
    [InlineData(30_000)]
    public void Long_line_of_unclosed_regex_classes_is_lexed_in_linear_time(int repeats)
    {
        // Each '/' after '(' looks like a regex whose class never closes; retrying at every one was quadratic.
        var source = string.Concat(Enumerable.Repeat("(/[", repeats));

        var tokens = JsLexer.Lex(source, "auth.config.ts", out var lookahead).Tokens;

        Assert.Equal(3 * repeats, tokens.Count);
        AssertLinear(source, lookahead);
    }

    [Theory]
    [InlineData(1_000)]
    [InlineData(30_000)]
    public void Long_string_of_unclosed_unicode_brace_escapes_is_lexed_in_linear_time(int repeats)
    {
        // Each malformed "\u{" searched the rest of the file for its '}': quadratic in a string of them.
        var source = "'" + string.Concat(Enumerable.Repeat("\\u{", repeats)) + "'";

        var tokens = JsLexer.Lex(source, "auth.config.ts", out var lookahead).Tokens;

        Assert.Equal(new string('{', repeats), Assert.Single(tokens).Text);
        AssertLinear(source, lookahead);
    }

    /// <summary>
    /// The characters the lexer looked at ahead (scans that may give up) stay within a small multiple of the input,
    /// not its square: linear work, shown without a clock.
    /// </summary>
    private static void AssertLinear(string source, long lookahead) =>
        Assert.True(lookahead <= 3L * source.Length, "looked ahead at " + lookahead + " characters for " + source.Length + " of input");

    [Fact]
    public void String_escapes_are_cooked()
    {
        var text = Lex("'a\\'b\\x41\\u0042\\u{43}\\n'").Single().Text;

        Assert.Equal("a'bABC\n", text);
    }

    [Fact]
    public void Optional_chaining_and_nullish_punctuators_are_single_tokens()
    {
        var punctuators = Lex("a?.b ?? c!").Where(token => token.Kind == TokenKind.Punctuator).Select(token => token.Text);

        Assert.Equal(new[] { "?.", "??", "!" }, punctuators);
    }

    [Fact]
    public void Conditional_before_a_decimal_is_not_optional_chaining()
    {
        Assert.Contains(Lex("a?.5:1"), token => token.IsPunctuator("?"));
    }

    [Fact]
    public void Lines_are_counted_for_lf_crlf_and_cr()
    {
        var tokens = Lex("a\nb\r\nc\rd");

        Assert.Equal(new[] { 1, 2, 3, 4 }, tokens.Select(token => token.Line));
    }

    [Fact]
    public void Comments_are_kept_apart_from_tokens()
    {
        var lexed = JsLexer.Lex("a // one\n/* two\nthree */ b", null);

        Assert.Equal(new[] { "a", "b" }, lexed.Tokens.Select(token => token.Text));
        Assert.Equal(new[] { (" one", 1), (" two\nthree ", 2) }, lexed.Comments.Select(comment => (comment.Text, comment.Line)));
    }

    [Fact]
    public void Line_continuation_inside_a_string_advances_the_line()
    {
        var tokens = Lex("'a\\\nb' c");

        Assert.Equal("ab", tokens[0].Text);
        Assert.Equal(2, tokens[1].Line);
    }

    [Theory]
    [InlineData('\u2028')]
    [InlineData('\u2029')]
    public void Line_and_paragraph_separators_are_allowed_unescaped_in_a_string(char separator)
    {
        // ES2019 made them legal in string literals; a config holding one must not be CAK0007.
        var result = AuthConfigScanner.ScanSource("const sep = 'a" + separator + "b';\nexport default { providers: [{ applicationID: process.env.WORKOS_CLIENT_ID }] };\n");

        Assert.True(result.ReadsWorkOSClientId);
        var tokens = Lex("x = \"a" + separator + "b\"; y");
        Assert.Equal("a" + separator + "b", tokens[2].Text);
    }
}
