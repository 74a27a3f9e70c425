using ConvexAuthKit.Api;

namespace ConvexAuthKit.Tests.Api;

public sealed class ServerShapesTests
{
    [Theory]
    [InlineData("https://happy-animal-123.convex.cloud", "https://happy-animal-123.convex.cloud/")]
    [InlineData("https://happy-animal-123.convex.cloud/", "https://happy-animal-123.convex.cloud/")]
    [InlineData("http://127.0.0.1:4321", "http://127.0.0.1:4321/")]
    [InlineData("https://[::1]:8443", "https://[::1]:8443/")]
    public void Origins_are_accepted(string url, string expected)
    {
        Assert.Equal(expected, ServerShapes.ParseOrigin(url, out var problem)?.ToString());
        Assert.Null(problem);
    }

    [Theory]
    [InlineData("")]
    [InlineData("happy-animal-123.convex.cloud")]
    [InlineData("ftp://happy-animal-123.convex.cloud")]
    [InlineData("https://happy-animal-123.convex.cloud/api")]
    [InlineData("https://happy-animal-123.convex.cloud/./")]
    [InlineData("https://happy-animal-123.convex.cloud?x=1")]
    [InlineData("https://happy-animal-123.convex.cloud#x")]
    [InlineData("https://user:secret@happy-animal-123.convex.cloud")]
    [InlineData("https://evil.example\\@happy-animal-123.convex.cloud")]
    [InlineData("https://happy-animal-123.convex.cloud\r\nX-Evil: 1")]
    [InlineData("https://happy-animal-123.convex.cloud ")]
    [InlineData(" https://happy-animal-123.convex.cloud")]
    [InlineData("https://happy\u0000.convex.cloud")]
    [InlineData("https://h\u00e4ppy.convex.cloud")]
    public void Anything_more_or_less_than_an_origin_is_refused(string url)
    {
        Assert.Null(ServerShapes.ParseOrigin(url, out var problem));
        Assert.NotNull(problem);
    }

    [Theory]
    [InlineData("dev:happy-animal-123|0123abcdef", true)]
    [InlineData("prod:sober-otter-456|eyJ2MiI6IjEifQ==", true)]
    [InlineData("preview:acme:my-app|abc", true)]
    [InlineData("", false)]
    [InlineData("no-bar-at-all", false)]
    [InlineData("|secret", false)]
    [InlineData("dev:x|", false)]
    [InlineData("dev:x|abc def", false)]
    [InlineData("dev:x|abc\r\nX-Evil: 1", false)]
    [InlineData("dev x|abc", false)]
    [InlineData("dev:x|ab\u00e9", false)]
    public void Admin_key_shape(string key, bool valid) => Assert.Equal(valid, ServerShapes.IsAdminKey(key));

    [Theory]
    [InlineData("DeploymentNotFound", true)]
    [InlineData("duplicate_cors_origin", true)]
    [InlineData("auth.invalid", true)]
    [InlineData("", false)]
    [InlineData("Deployment NotFound", false)]
    [InlineData("DeploymentNotFound\n", false)]
    [InlineData("\u001b[2J", false)]
    public void Error_code_shape(string code, bool valid) => Assert.Equal(valid, ServerShapes.IsErrorCode(code));

    [Fact]
    public void Error_code_longer_than_80_is_not_one() => Assert.False(ServerShapes.IsErrorCode(new string('A', 81)));

    [Theory]
    [InlineData("WORKOS_CLIENT_ID", true)]
    [InlineData("a1_b", true)]
    [InlineData("_X", false)]
    [InlineData("1X", false)]
    [InlineData("WORKOS_\nerror CAK0000: x", false)]
    [InlineData("WORKOS-ID", false)]
    public void Variable_name_shape(string name, bool valid) => Assert.Equal(valid, ServerShapes.IsVariableName(name));

    [Theory]
    [InlineData("dev@example.com", true)]
    [InlineData("d\u00e9v@example.com", true)]
    [InlineData("dev@@example.com", false)]
    [InlineData("dev@example.com\nerror CAK0000: x", false)]
    [InlineData("dev\u202E@example.com", false)]
    [InlineData("@example.com", false)]
    public void Email_shape(string email, bool valid) => Assert.Equal(valid, ServerShapes.IsEmail(email));
}
