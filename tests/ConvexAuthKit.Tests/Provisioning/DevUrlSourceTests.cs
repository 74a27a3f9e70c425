using ConvexAuthKit.Provisioning;

namespace ConvexAuthKit.Tests.Provisioning;

/// <summary>Which dev URL is registered and written, and that the run says which source won.</summary>
public sealed class DevUrlSourceTests
{
    [Fact]
    public async Task Port_set_in_vite_config_is_used_when_no_property_is_set()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        w.WriteFile("vite.config.ts", "export default defineConfig({ server: { port: 5180 } });\n");

        await w.RunAsync();

        Assert.Equal(new[] { "http://localhost:5180/callback" }, w.Emulator.State.WorkOSEnvironmentFor(FlowWorld.Deployment)!.RedirectUris);
        Assert.Contains(w.Reporter.Reports, r => r.Text.Contains("dev URL http://localhost:5180 from the port set in ClientApp/vite.config.ts"));
    }

    [Fact]
    public async Task Property_wins_over_the_port_in_vite_config()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        w.WriteFile("vite.config.ts", "export default defineConfig({ server: { port: 5180 } });\n");
        var options = w.Options();
        options.FrontendUrl = "https://localhost:44400";
        options.FrontendUrlSource = "SpaProxyServerUrl";

        await w.RunAsync(options: options);

        Assert.Contains(w.Reporter.Reports, r => r.Text.Contains("dev URL https://localhost:44400 from SpaProxyServerUrl"));
    }

    [Fact]
    public async Task Framework_default_is_used_and_named_when_nothing_else_sets_it()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();

        await w.RunAsync();

        Assert.Contains(w.Reporter.Reports, r => r.Text.Contains("dev URL http://localhost:5173 from Vite default"));
    }

    [Fact]
    public async Task Editing_the_vite_config_port_invalidates_the_cache()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        await w.RunAsync();

        w.WriteFile("vite.config.ts", "export default defineConfig({ server: { port: 5190 } });\n");

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync());
        Assert.Contains("http://localhost:5190/callback", w.Emulator.State.WorkOSEnvironmentFor(FlowWorld.Deployment)!.RedirectUris);
    }
}
