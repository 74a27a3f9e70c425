using ConvexAuthKit.Provisioning;

namespace ConvexAuthKit.Tests.Provisioning;

/// <summary>
/// The dev server URL and every configured redirect URI, CORS origin and app homepage URL must be well-formed
/// absolute http(s) URLs without whitespace or control characters (an origin without a path) before any request.
/// </summary>
public sealed class UrlValidationTests
{
    [Theory]
    [InlineData("localhost:5173")]
    [InlineData("ftp://localhost:5173")]
    [InlineData("javascript:alert(1)")]
    [InlineData("http://localhost:5173/app")]
    [InlineData("http://localhost:5173?x=1")]
    [InlineData("http://local host:5173")]
    [InlineData("http://localhost:5173\u2028X-Injected: 1")]
    [InlineData("http://localhost:5173\u001b[31m")]
    [InlineData("http://localhost\u200b:5173")]
    [InlineData("http://user:secret@localhost:5173")]
    [InlineData("http://localhost:99999")]
    [InlineData("http://")]
    [InlineData("http:\\\\localhost:5173")]
    public async Task Bad_frontend_url_is_CAK0030_before_any_request(string url)
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        var options = w.Options();
        options.FrontendUrl = url;

        Assert.Equal(RunStatus.Failed, await w.RunAsync(options: options));

        var error = Assert.Single(w.Reporter.Errors);
        Assert.Equal("CAK0030", error.Code);
        Assert.Contains("ConvexAuthKitFrontendUrl", error.Text);
        Assert.Empty(w.Emulator.Requests);
        Assert.Equal(FlowWorld.ViteEnvLocal, w.ReadEnvLocal());
    }

    [Fact]
    public async Task Bad_SpaProxyServerUrl_names_that_property()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        var options = w.Options();
        options.FrontendUrl = "https://localhost:44403/spa";
        options.FrontendUrlSource = "SpaProxyServerUrl";

        Assert.Equal(RunStatus.Failed, await w.RunAsync(options: options));

        var error = Assert.Single(w.Reporter.Errors);
        Assert.Equal("CAK0030", error.Code);
        Assert.StartsWith("SpaProxyServerUrl ", error.Text);
        Assert.Empty(w.Emulator.Requests);
    }

    [Theory]
    [InlineData("https://localhost:44403/")]
    [InlineData("  http://127.0.0.1:5173  ")]
    [InlineData("http://[::1]:5173")]
    public async Task Good_frontend_urls_still_work(string url)
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        var options = w.Options();
        options.FrontendUrl = url;

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync(options: options));
        Assert.Empty(w.Reporter.Errors);
    }

    private static string Configure(string redirect, string origin, string homepage) =>
        "{\n  \"authKit\": {\n    \"dev\": {\n      \"configure\": {\n" +
        $"        \"redirectUris\": [\"{redirect}\"],\n" +
        $"        \"corsOrigins\": [\"{origin}\"],\n" +
        $"        \"appHomepageUrl\": \"{homepage}\"\n" +
        "      }\n    }\n  }\n}\n";

    [Theory]
    [InlineData("http://localhost:5173/callback\\u0000", "http://localhost:5173", "http://localhost:5173", 5)]
    [InlineData("http://localhost:5173/call back", "http://localhost:5173", "http://localhost:5173", 5)]
    [InlineData("http://localhost:5173/callback#frag", "http://localhost:5173", "http://localhost:5173", 5)]
    [InlineData("/callback", "http://localhost:5173", "http://localhost:5173", 5)]
    [InlineData("http://localhost:5173/callback", "http://localhost:5173/app", "http://localhost:5173", 6)]
    [InlineData("http://localhost:5173/callback", "http://localhost:5173/", "http://localhost:5173", 6)]
    [InlineData("http://localhost:5173/callback", "localhost:5173", "http://localhost:5173", 6)]
    [InlineData("http://localhost:5173/callback", "http://localhost:5173", "file:///etc/passwd", 7)]
    [InlineData("http://localhost:5173/callback", "http://localhost:5173", "http://localhost:5173\\u2029x", 7)]
    public async Task Bad_configured_url_is_CAK0031_at_its_line_before_any_request(string redirect, string origin, string homepage, int line)
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithConfigApp(Configure(redirect, origin, homepage));

        Assert.Equal(RunStatus.Failed, await w.RunAsync());

        var error = Assert.Single(w.Reporter.Errors);
        Assert.Equal("CAK0031", error.Code);
        Assert.EndsWith("convex.json", error.File);
        Assert.Equal(line, error.Line);
        Assert.Empty(w.Emulator.Requests);
        Assert.Equal(FlowWorld.ViteEnvLocal, w.ReadEnvLocal());
    }

    [Fact]
    public async Task A_url_made_bad_by_a_buildEnv_value_is_CAK0031_too()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithConfigApp(Configure("https://${buildEnv.APP_HOST}/callback", "https://${buildEnv.APP_HOST}", "https://${buildEnv.APP_HOST}"))
            .Env("APP_HOST", "example.com\nX-Injected: 1");

        Assert.Equal(RunStatus.Failed, await w.RunAsync());

        var error = Assert.Single(w.Reporter.Errors);
        Assert.Equal("CAK0031", error.Code);
        Assert.Contains("once its placeholders are filled in", error.Text);
        Assert.DoesNotContain("X-Injected", error.Text);
        Assert.Empty(w.Emulator.Requests);
    }

    [Fact]
    public async Task Good_configured_urls_are_registered()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithConfigApp(Configure("https://${buildEnv.APP_HOST}/auth/callback?x=1", "https://${buildEnv.APP_HOST}:8443", "https://${buildEnv.APP_HOST}/home"))
            .Env("APP_HOST", "app.example.com");

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync());

        var env = w.Emulator.State.WorkOSEnvironmentFor(FlowWorld.Deployment)!;
        Assert.Equal(new[] { "https://app.example.com/auth/callback?x=1" }, env.RedirectUris);
        Assert.Equal(new[] { "https://app.example.com:8443" }, env.CorsOrigins);
    }
}
