using ConvexAuthKit.Api;

namespace ConvexAuthKit.Tests.Api;

public sealed class ServerTextTests
{
    [Theory]
    [InlineData("\u001b[2JCleared", "Cleared")]
    [InlineData("\u001b[1;31mred\u001b[0m text", "red text")]
    [InlineData("\u009b2Jc1 csi", "c1 csi")]
    [InlineData("\u001b]0;title\u0007after", "after")]
    [InlineData("\u001b]8;;https://evil.example\u001b\\link\u001b]8;;\u001b\\", "link")]
    [InlineData("a\u001bcb", "ab")]
    [InlineData("line one\r\nerror CAK0000: fake", "line one error CAK0000: fake")]
    [InlineData("tab\there\u0000nul\u007fdel\u0085nel", "tab here nul del nel")]
    [InlineData("sep\u2028line\u2029para", "sep line para")]
    [InlineData("\u202Eevil\u202C \u2066iso\u2069 \u200Fmark", "evil iso mark")]
    [InlineData("  leading and trailing  \n", "leading and trailing")]
    [InlineData("caf\u00e9 \ud83d\ude00 ok", "caf\u00e9 \ud83d\ude00 ok")]
    public void Text_is_one_printable_line(string input, string expected)
    {
        Assert.Equal(expected, ServerText.ForMessage(input));
    }

    [Fact]
    public void Long_text_is_cut_with_an_ellipsis()
    {
        var text = ServerText.ForMessage(new string('x', 1_000_000))!;

        Assert.Equal(ServerText.MaxLength + 1, text.Length);
        Assert.EndsWith("\u2026", text);
    }

    [Fact]
    public void Cut_never_splits_a_surrogate_pair()
    {
        var text = ServerText.ForMessage(new string('x', 9) + "\ud83d\ude00\ud83d\ude00", maxLength: 10)!;

        Assert.Equal("xxxxxxxxx\u2026", text);
    }

    [Fact]
    public void Lone_surrogate_becomes_a_replacement_character()
    {
        Assert.Equal("lone \ufffd surrogate", ServerText.ForMessage("lone " + '\ud800' + " surrogate"));
    }

    [Fact]
    public void Null_stays_null() => Assert.Null(ServerText.ForMessage(null));

    [Fact]
    public void Unterminated_osc_swallows_the_rest_instead_of_showing_it()
    {
        Assert.Equal("before", ServerText.ForMessage("before\u001b]0;" + new string('y', 5000)));
    }
}

public sealed class SecretScrubberCutTests
{
    [Fact]
    public void Start_of_a_secret_cut_by_the_length_limit_is_masked()
    {
        var scrubber = new SecretScrubber();
        const string secret = "sk_test_a1B2c3D4e5F6g7H8i9J0";
        scrubber.Track(secret);
        var shown = ServerText.ForMessage(new string('x', 180) + " " + secret, maxLength: 195)!;
        Assert.Contains(secret[..10], shown);

        var scrubbed = scrubber.Scrub("WorkOS answered 400 (" + shown + ") while registering");

        Assert.DoesNotContain(secret[..6], scrubbed);
        Assert.Contains("***\u2026", scrubbed);
    }

    [Fact]
    public void Ellipsis_after_ordinary_words_is_left_alone()
    {
        var scrubber = new SecretScrubber();
        scrubber.Track("sk_test_a1B2c3D4e5F6g7H8i9J0");

        Assert.Equal("and so on\u2026 sk_t", scrubber.Scrub("and so on\u2026 sk_t"));
        Assert.Equal("whole *** and cut ***\u2026", scrubber.Scrub("whole sk_test_a1B2c3D4e5F6g7H8i9J0 and cut sk_test_a1\u2026"));
    }
}
