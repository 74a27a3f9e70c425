using ConvexAuthKit.Provisioning;

namespace ConvexAuthKit.Tests.Provisioning;

/// <summary>Every malformed input is one coded error at its file and line, with no request sent and no file changed.</summary>
public sealed class BadInputFlowTests
{
    private static async Task AssertFailsAt(FlowWorld w, string code, string file, int line)
    {
        var before = Directory.GetFiles(w.FrontendDir, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllBytes);

        Assert.Equal(RunStatus.Failed, await w.RunAsync());

        var error = Assert.Single(w.Reporter.Errors);
        Assert.Equal(code, error.Code);
        Assert.Equal(Path.Combine(w.FrontendDir, file), error.File);
        Assert.Equal(line, error.Line);
        Assert.Empty(w.Emulator.Requests);
        var after = Directory.GetFiles(w.FrontendDir, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllBytes);
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        foreach (var (path, bytes) in before)
            Assert.Equal(bytes, after[path]);
    }

    [Fact]
    public async Task Malformed_package_json_is_CAK0002_at_its_line()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        w.WriteFile("package.json", "{\n  \"dependencies\": {\n    \"convex\": \"^1.30.0\"\n    \"vite\": \"^7\"\n  }\n}\n");

        await AssertFailsAt(w, "CAK0002", "package.json", 4);
    }

    [Fact]
    public async Task Malformed_convex_json_is_CAK0008_at_its_line()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        w.WriteFile("convex.json", "{\n  \"functions\": \"convex/\",\n  \"authKit\": { \"dev\": { } \n");

        await AssertFailsAt(w, "CAK0008", "convex.json", 4);
    }

    [Fact]
    public async Task Env_local_that_does_not_parse_is_CAK0004_at_its_line()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp(envLocal: "CONVEX_DEPLOYMENT=dev:happy-animal-123\n\nWORKOS_API_KEY sk_test_123\n");

        await AssertFailsAt(w, "CAK0004", ".env.local", 3);
    }

    [Fact]
    public async Task Auth_config_that_is_not_valid_source_is_CAK0007_at_its_line()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp(authConfig: "const clientId = process.env.WORKOS_CLIENT_ID;\n/* never closed\nexport default {};\n");

        await AssertFailsAt(w, "CAK0007", Path.Combine("convex", "auth.config.ts"), 2);
    }

    [Fact]
    public async Task Convex_json_config_error_in_config_mode_changes_nothing()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithConfigApp("{\n  \"authKit\": {\n    \"dev\": { \"environmentType\": \"development\" }\n  }\n}\n");

        await AssertFailsAt(w, "CAK0008", "convex.json", 3);
    }
}
