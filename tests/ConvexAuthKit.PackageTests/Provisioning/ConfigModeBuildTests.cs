using ConvexAuthKit.Emulator;
using ConvexAuthKit.PackageTests.Infrastructure;

namespace ConvexAuthKit.PackageTests.Provisioning;

/// <summary>`dotnet build` of a frontend whose convex.json has authKit.dev (config mode), against the emulator.</summary>
[Collection(PackageCollection.Name)]
public sealed class ConfigModeBuildTests(PackageFeed feed) : IAsyncLifetime
{
    private ConvexEmulator _emulator = null!;

    public async Task InitializeAsync() => _emulator = await ConvexEmulator.StartAsync();
    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    private const string Deployment = "happy-animal-123";

    private const string NextConvexJson = """
        {
          "authKit": {
            "dev": {
              "configure": {
                "redirectUris": ["http://localhost:3000/callback"],
                "appHomepageUrl": "http://localhost:3000",
                "corsOrigins": ["http://localhost:3000"]
              },
              "localEnvVars": {
                "WORKOS_CLIENT_ID": "${authEnv.WORKOS_CLIENT_ID}",
                "WORKOS_API_KEY": "${authEnv.WORKOS_API_KEY}",
                "NEXT_PUBLIC_WORKOS_REDIRECT_URI": "http://localhost:3000/callback"
              }
            }
          }
        }
        """;

    [Fact]
    public async Task NextJs_build_applies_authKit_dev_from_convex_json()
    {
        using var app = ConsumerProject.Create(feed, "confignext").WithFrontend(FrontendKind.NextJs).UsingEmulator(_emulator);
        File.WriteAllText(Path.Combine(app.FrontendDir, "convex.json"), NextConvexJson);

        var result = await app.BuildAsync();

        Assert.True(result.ExitCode == 0, result.ToString());
        var env = _emulator.State.WorkOSEnvironmentFor(Deployment)!;
        Assert.Matches(
            System.Text.RegularExpressions.Regex.Escape(
                Frontends.InitialEnvLocal(FrontendKind.NextJs, Deployment) + "\n" +
                $"# See this environment at https://dashboard.workos.com/{env.EnvironmentId}/authentication\n" +
                $"WORKOS_CLIENT_ID={env.ClientId}\n\nWORKOS_API_KEY={env.ApiKey}\n\nNEXT_PUBLIC_WORKOS_REDIRECT_URI=http://localhost:3000/callback\n\nWORKOS_COOKIE_PASSWORD=")
            + "[A-Za-z0-9_-]{43}\n$",
            app.ReadEnvLocal());
        Assert.Equal(new[] { "http://localhost:3000/callback" }, env.RedirectUris);
        Assert.Equal(new[] { "http://localhost:3000" }, env.CorsOrigins);
        Assert.DoesNotContain(env.ApiKey, result.Output);
    }

    [Fact]
    public async Task Convex_json_error_fails_the_build_at_its_line_and_changes_nothing()
    {
        using var app = ConsumerProject.Create(feed, "configbad").WithFrontend(FrontendKind.Vite).UsingEmulator(_emulator);
        File.WriteAllText(Path.Combine(app.FrontendDir, "convex.json"),
            "{\n  \"authKit\": {\n    \"dev\": {\n      \"configure\": { \"redirectUris\": [\"https://${buildEnv.NOT_SET_ANYWHERE}/callback\"] }\n    }\n  }\n}\n");
        var before = File.ReadAllBytes(app.EnvLocalPath);

        var result = await app.BuildAsync();

        Assert.NotEqual(0, result.ExitCode);
        Assert.Matches(@"convex\.json\(4[,0-9]*\): error CAK0010", result.Output);
        Assert.DoesNotContain("MSB4018", result.Output);
        Assert.Equal(before, File.ReadAllBytes(app.EnvLocalPath));
        Assert.Empty(_emulator.State.DeploymentVariables(Deployment));
    }
}
