using ConvexAuthKit.ConvexProject;

namespace ConvexAuthKit.Tests.ConvexProject;

public sealed class AuthKitTemplateTests
{
    [Theory]
    [InlineData("${authEnv.WORKOS_CLIENT_ID}")]
    [InlineData("${authEnv.WORKOS_API_KEY}")]
    [InlineData("${authEnv.WORKOS_ENVIRONMENT_ID}")]
    [InlineData("https://${buildEnv.VERCEL_URL}/callback")]
    [InlineData("no placeholder at all")]
    [InlineData("${} and ${unclosed stay literal")]
    public void Known_placeholders_parse(string text)
    {
        Assert.NotNull(AuthKitTemplate.TryParse(text, out var unknown));
        Assert.Null(unknown);
    }

    [Theory]
    [InlineData("${authEnv.WORKOS_COOKIE_PASSWORD}")]
    [InlineData("${env.X}")]
    [InlineData("${buildEnv.}")]
    [InlineData("${ buildEnv.X }")]
    public void Other_placeholders_are_unknown(string text)
    {
        Assert.Null(AuthKitTemplate.TryParse(text, out var unknown));
        Assert.Equal(text, unknown);
    }

    [Fact]
    public void Resolve_replaces_every_placeholder()
    {
        var template = AuthKitTemplate.TryParse("https://${buildEnv.HOST}:${buildEnv.PORT}/${authEnv.WORKOS_CLIENT_ID}", out _)!;

        var value = template.Resolve(p => p.Name switch { "HOST" => "h", "PORT" => "1", _ => "client_1" }, out var missing);

        Assert.Equal("https://h:1/client_1", value);
        Assert.Null(missing);
    }

    [Fact]
    public void Resolve_reports_the_first_placeholder_without_a_value()
    {
        var template = AuthKitTemplate.TryParse("${buildEnv.A}${buildEnv.B}", out _)!;

        Assert.Null(template.Resolve(p => p.Name == "A" ? "a" : "", out var missing));
        Assert.Equal("${buildEnv.B}", missing!.Text);
    }
}
