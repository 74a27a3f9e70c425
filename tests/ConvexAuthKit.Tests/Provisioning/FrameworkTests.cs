using ConvexAuthKit.Frameworks;
using ConvexAuthKit.Provisioning;

namespace ConvexAuthKit.Tests.Provisioning;

/// <summary>Every row of the framework table (docs/cli-rules.md#frameworks): detection, what seed mode writes, what it registers.</summary>
public sealed class FrameworkTests
{
    private const string Dep = FlowWorld.Deployment;

    [Theory]
    [InlineData("react-scripts", "create-react-app", "http://localhost:3000", "REACT_APP_")]
    [InlineData("next", "Next.js", "http://localhost:3000", "NEXT_PUBLIC_")]
    [InlineData("expo", "Expo", null, "EXPO_PUBLIC_")]
    [InlineData("@sveltejs/kit", "SvelteKit", "http://localhost:5173", "PUBLIC_")]
    [InlineData("@tanstack/start", "TanStack Start", "http://localhost:3000", "VITE_")]
    [InlineData("@tanstack/react-start", "TanStack Start", "http://localhost:3000", "VITE_")]
    [InlineData("vite", "Vite", "http://localhost:5173", "VITE_")]
    [InlineData("@remix-run/dev", "Remix", "http://localhost:3000", null)]
    public void Each_row_of_the_table_is_detected(string dependency, string name, string? devUrl, string? prefix)
    {
        var framework = FrameworkDetector.Detect(new List<string> { dependency, "react" })!;

        Assert.Equal(name, framework.Name);
        Assert.Equal(devUrl, framework.DevUrl);
        Assert.Equal(prefix, framework.PublicPrefix);
    }

    [Theory]
    [InlineData("Next.js", "next", "vite")]
    [InlineData("create-react-app", "react-scripts", "next")]
    [InlineData("TanStack Start", "@tanstack/react-start", "vite")]
    [InlineData("SvelteKit", "@sveltejs/kit", "vite")]
    [InlineData("Vite", "vite", "@remix-run/dev")]
    public void First_row_of_the_table_wins(string expected, string first, string second)
    {
        Assert.Equal(expected, FrameworkDetector.Detect(new List<string> { second, first })!.Name);
    }

    [Fact]
    public void No_known_dependency_is_no_framework()
    {
        Assert.Null(FrameworkDetector.Detect(new List<string> { "react", "convex" }));
    }

    [Theory]
    [InlineData("\"@sveltejs/kit\": \"2.0.0\"", "SvelteKit", "http://localhost:5173")]
    [InlineData("\"expo\": \"52.0.0\"", "Expo", "http://localhost:5173")]
    [InlineData("\"@remix-run/dev\": \"2.0.0\"", "Remix", "http://localhost:3000")]
    [InlineData("\"react-scripts\": \"5.0.1\"", "create-react-app", "http://localhost:3000")]
    [InlineData("\"react\": \"19.0.0\"", "this frontend", "http://localhost:5173")]
    public async Task Frameworks_the_cli_writes_nothing_for_warn_CAK0203_and_still_register(string dependency, string named, string devUrl)
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        w.WriteFile("package.json", "{ \"dependencies\": { \"convex\": \"^1.30.0\", " + dependency + " } }");

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync());

        var warning = Assert.Single(w.Reporter.Warnings);
        Assert.Equal("CAK0203", warning.Code);
        Assert.Contains(named, warning.Text);
        Assert.Equal(FlowWorld.ViteEnvLocal, w.ReadEnvLocal());
        var env = w.Emulator.State.WorkOSEnvironmentFor(Dep)!;
        Assert.Equal(new[] { devUrl + "/callback" }, env.RedirectUris);
        Assert.Equal(new[] { devUrl }, env.CorsOrigins);
    }

    [Fact]
    public async Task Next_js_seed_mode_writes_client_id_redirect_uri_cookie_password_and_api_key_in_order()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithNextApp();

        await w.RunAsync();

        var env = w.Emulator.State.WorkOSEnvironmentFor(Dep)!;
        Assert.Matches(
            "WORKOS_CLIENT_ID=" + env.ClientId + "\n\nNEXT_PUBLIC_WORKOS_REDIRECT_URI=http://localhost:3000/callback\n\nWORKOS_COOKIE_PASSWORD=[A-Za-z0-9_-]{43}\n\nWORKOS_API_KEY=" + env.ApiKey + "\n$",
            w.ReadEnvLocal());
    }

    [Fact]
    public async Task TanStack_Start_seed_mode_writes_its_four_variables()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        w.WriteFile("package.json", """{ "dependencies": { "convex": "^1.30.0", "@tanstack/react-start": "1.0.0", "vite": "7.0.0" } }""");

        await w.RunAsync();

        var env = w.Emulator.State.WorkOSEnvironmentFor(Dep)!;
        Assert.Matches(
            "WORKOS_CLIENT_ID=" + env.ClientId + "\n\nWORKOS_REDIRECT_URI=http://localhost:3000/callback\n\nWORKOS_COOKIE_PASSWORD=[A-Za-z0-9_-]{43}\n\nWORKOS_API_KEY=" + env.ApiKey + "\n$",
            w.ReadEnvLocal());
    }

    [Fact]
    public async Task Dev_dependency_counts_for_detection()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        w.WriteFile("package.json", """{ "devDependencies": { "convex": "^1.30.0", "next": "15.0.0" } }""");

        await w.RunAsync();

        Assert.Contains("NEXT_PUBLIC_WORKOS_REDIRECT_URI=", w.ReadEnvLocal());
    }

    [Fact]
    public async Task Esproj_folder_beside_the_dotnet_project_is_the_frontend()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        w.WriteFile("ClientApp.esproj", "<Project Sdk=\"Microsoft.VisualStudio.JavaScript.Sdk/1.0.0\" />");
        var server = Path.Combine(w.Root, "Server");
        Directory.CreateDirectory(server);
        var options = w.Options();
        options.ProjectDir = server;

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync(options: options));

        Assert.Contains("VITE_WORKOS_CLIENT_ID=", w.ReadEnvLocal());
    }
}
