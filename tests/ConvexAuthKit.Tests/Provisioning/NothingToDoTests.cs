using ConvexAuthKit.Provisioning;

namespace ConvexAuthKit.Tests.Provisioning;

/// <summary>When nothing asks for WorkOS, the run sends nothing and one low-importance message says why.</summary>
public sealed class NothingToDoTests
{
    [Fact]
    public async Task Auth_config_without_a_WorkOS_read_says_why_in_a_low_importance_message()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp(authConfig: "// WORKOS_CLIENT_ID is not used here\nexport default { providers: [{ domain: process.env.CLERK_JWT_ISSUER_DOMAIN, applicationID: \"convex\" }] };\n");

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync());

        Assert.Empty(w.Emulator.Requests);
        Assert.Empty(w.Reporter.Warnings);
        var message = Assert.Single(w.Reporter.Reports, r => r.Kind == "message:Low" && r.Text.StartsWith("ConvexAuthKit:", StringComparison.Ordinal));
        Assert.Contains("auth.config", message.Text);
    }

    [Fact]
    public async Task No_auth_config_at_all_says_so_quietly()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        File.Delete(Path.Combine(w.FrontendDir, "convex", "auth.config.ts"));

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync());

        Assert.Empty(w.Emulator.Requests);
        Assert.Contains(w.Reporter.Reports, r => r.Kind == "message:Low" && r.Text.StartsWith("ConvexAuthKit:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Package_without_convex_is_nothing_to_do()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        w.WriteFile("package.json", """{ "dependencies": { "vite": "7.0.0" } }""");

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync());

        Assert.Empty(w.Emulator.Requests);
        Assert.Contains(w.Reporter.Reports, r => r.Kind == "message:Low" && r.Text.Contains("does not depend on convex"));
    }
}
