using ConvexAuthKit.Provisioning;
using ConvexAuthKit.Tests.Provisioning;

namespace ConvexAuthKit.Tests.EnvFiles;

/// <summary>
/// A value bound for .env.local that could end its line early (and so add an assignment of its own) is CAK0013 at
/// its convex.json line before the first request: no request, no file changed.
/// </summary>
public sealed class EnvValueInjectionFlowTests
{
    private static string ConvexJson(string localEnvVars) =>
        "{\n  \"authKit\": {\n    \"dev\": {\n      \"localEnvVars\": {\n        " + localEnvVars + "\n      }\n    }\n  }\n}\n";

    private static async Task AssertRefusedBeforeAnyRequest(FlowWorld w, int line)
    {
        var before = File.ReadAllBytes(w.EnvLocalPath);

        Assert.Equal(RunStatus.Failed, await w.RunAsync());

        var error = Assert.Single(w.Reporter.Errors);
        Assert.Equal("CAK0013", error.Code);
        Assert.Equal(Path.Combine(w.FrontendDir, "convex.json"), error.File);
        Assert.Equal(line, error.Line);
        Assert.DoesNotContain("INJECTED", error.Text);
        Assert.Empty(w.Emulator.Requests);
        Assert.Equal(before, File.ReadAllBytes(w.EnvLocalPath));
    }

    [Theory]
    [InlineData("\u2028")]
    [InlineData("\u2029")]
    [InlineData("\r")]
    [InlineData("\n")]
    [InlineData("\u001b[2J")]
    public async Task BuildEnv_value_with_a_line_break_or_control_character_is_CAK0013_before_any_request(string breaker)
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithConfigApp(ConvexJson("\"VITE_WORKOS_CLIENT_ID\": \"${authEnv.WORKOS_CLIENT_ID}\",\n        \"REDIRECT\": \"https://${buildEnv.DEV_HOST}/callback\""))
            .Env("DEV_HOST", "localhost:5173" + breaker + "INJECTED=1");

        await AssertRefusedBeforeAnyRequest(w, 6);
    }

    [Theory]
    [InlineData("\\r")]
    [InlineData("\\u2028")]
    [InlineData("\\u0085")]
    public async Task Literal_local_env_var_with_a_line_break_is_CAK0013_before_any_request(string jsonEscape)
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithConfigApp(ConvexJson("\"REDIRECT\": \"http://localhost:5173/callback" + jsonEscape + "INJECTED=1\""));

        await AssertRefusedBeforeAnyRequest(w, 5);
    }

    [Fact]
    public async Task Line_break_next_to_an_authEnv_placeholder_is_found_before_any_request_too()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithConfigApp(ConvexJson("\"VITE_WORKOS_CLIENT_ID\": \"${authEnv.WORKOS_CLIENT_ID}\\u2028INJECTED=1\""));

        await AssertRefusedBeforeAnyRequest(w, 5);
    }

    [Theory]
    [InlineData("http://localhost:5173\u2028INJECTED=1")]
    [InlineData("http://localhost:5173\u0085INJECTED=1")]
    [InlineData("http://localhost:5173\u001b[2J")]
    public async Task Seed_mode_redirect_uri_that_could_break_its_line_fails_before_any_request(string frontendUrl)
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        var options = w.Options();
        options.FrontendUrl = frontendUrl;
        var before = File.ReadAllBytes(w.EnvLocalPath);

        Assert.Equal(RunStatus.Failed, await w.RunAsync(options: options));

        // CAK0013 here; a URL check that runs earlier may give its own code, but never an internal error.
        var error = Assert.Single(w.Reporter.Errors);
        Assert.NotEqual("CAK0900", error.Code);
        Assert.DoesNotContain("INJECTED", error.Text);
        Assert.Empty(w.Emulator.Requests);
        Assert.Equal(before, File.ReadAllBytes(w.EnvLocalPath));
    }

    [Fact]
    public async Task Value_with_a_tab_and_a_hash_is_written_quoted_and_reads_back()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithConfigApp(ConvexJson("\"ODD\": \"a\\tb # c\""));

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync());

        Assert.Equal("a\tb # c", ConvexAuthKit.EnvFiles.DotEnvParser.Parse(w.ReadEnvLocal())["ODD"]);
    }
}
