using ConvexAuthKit.Emulator;
using ConvexAuthKit.PackageTests.Infrastructure;

namespace ConvexAuthKit.PackageTests.Provisioning;

/// <summary>`dotnet build` of a project with a Convex + AuthKit frontend, against the emulator, with the packed package.</summary>
[Collection(PackageCollection.Name)]
public sealed class SeedModeBuildTests(PackageFeed feed) : IAsyncLifetime
{
    private ConvexEmulator _emulator = null!;

    public async Task InitializeAsync() => _emulator = await ConvexEmulator.StartAsync();
    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    private const string Deployment = "happy-animal-123";

    [Fact]
    public async Task Vite_build_provisions_sets_three_deployment_variables_and_writes_env_local_bytes()
    {
        using var app = ConsumerProject.Create(feed, "vite").WithFrontend(FrontendKind.Vite).UsingEmulator(_emulator);

        var result = await app.BuildAsync();

        Assert.True(result.ExitCode == 0, result.ToString());
        var env = _emulator.State.WorkOSEnvironmentFor(Deployment)!;
        var vars = _emulator.State.DeploymentVariables(Deployment);
        Assert.Equal(env.ClientId, vars["WORKOS_CLIENT_ID"]);
        Assert.Equal(env.EnvironmentId, vars["WORKOS_ENVIRONMENT_ID"]);
        Assert.Equal(env.ApiKey, vars["WORKOS_API_KEY"]);
        Assert.Equal(
            Frontends.InitialEnvLocal(FrontendKind.Vite, Deployment) +
            "\n" +
            $"# See this environment at https://dashboard.workos.com/{env.EnvironmentId}/authentication\n" +
            $"VITE_WORKOS_CLIENT_ID={env.ClientId}\n" +
            "\n" +
            "VITE_WORKOS_REDIRECT_URI=http://localhost:5173/callback\n",
            app.ReadEnvLocal());
        Assert.Equal(new[] { "http://localhost:5173/callback" }, env.RedirectUris);
        Assert.Equal(new[] { "http://localhost:5173" }, env.CorsOrigins);
    }

    [Theory]
    [InlineData(FrontendKind.NextJs, "NEXT_PUBLIC_WORKOS_REDIRECT_URI")]
    [InlineData(FrontendKind.TanStackStart, "WORKOS_REDIRECT_URI")]
    public async Task Server_rendered_framework_build_writes_client_id_redirect_uri_cookie_password_and_api_key(FrontendKind kind, string redirectVariable)
    {
        using var app = ConsumerProject.Create(feed, kind.ToString()).WithFrontend(kind).UsingEmulator(_emulator);

        var result = await app.BuildAsync();

        Assert.True(result.ExitCode == 0, result.ToString());
        var env = _emulator.State.WorkOSEnvironmentFor(Deployment)!;
        var text = app.ReadEnvLocal();
        var cookie = System.Text.RegularExpressions.Regex.Match(text, "\nWORKOS_COOKIE_PASSWORD=([A-Za-z0-9_-]{43})\n");
        Assert.True(cookie.Success, text);
        Assert.Equal(
            Frontends.InitialEnvLocal(kind, Deployment) +
            "\n" +
            $"# See this environment at https://dashboard.workos.com/{env.EnvironmentId}/authentication\n" +
            $"WORKOS_CLIENT_ID={env.ClientId}\n" +
            "\n" +
            $"{redirectVariable}=http://localhost:3000/callback\n" +
            "\n" +
            $"WORKOS_COOKIE_PASSWORD={cookie.Groups[1].Value}\n" +
            "\n" +
            $"WORKOS_API_KEY={env.ApiKey}\n",
            text);
        Assert.Equal(new[] { "http://localhost:3000/callback" }, env.RedirectUris);
        Assert.Equal(new[] { "http://localhost:3000" }, env.CorsOrigins);
    }

    [Fact]
    public async Task Second_build_with_nothing_changed_sends_no_request_and_leaves_env_local_alone()
    {
        using var app = ConsumerProject.Create(feed, "noop").WithFrontend(FrontendKind.Vite).UsingEmulator(_emulator);
        Assert.Equal(0, (await app.BuildAsync()).ExitCode);
        var before = File.GetLastWriteTimeUtc(app.EnvLocalPath);
        var bytes = File.ReadAllBytes(app.EnvLocalPath);
        _emulator.ClearRequests();

        var second = await app.BuildAsync();

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Empty(_emulator.Requests);
        Assert.Equal(bytes, File.ReadAllBytes(app.EnvLocalPath));
        Assert.Equal(before, File.GetLastWriteTimeUtc(app.EnvLocalPath));
    }

    [Fact]
    public async Task Deleting_an_env_local_entry_makes_the_next_build_restore_it()
    {
        using var app = ConsumerProject.Create(feed, "restore").WithFrontend(FrontendKind.Vite).UsingEmulator(_emulator);
        Assert.Equal(0, (await app.BuildAsync()).ExitCode);
        var complete = app.ReadEnvLocal();
        File.WriteAllText(app.EnvLocalPath, complete.Replace("VITE_WORKOS_REDIRECT_URI=http://localhost:5173/callback\n", ""));

        var result = await app.BuildAsync();

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("\nVITE_WORKOS_REDIRECT_URI=http://localhost:5173/callback\n", app.ReadEnvLocal());
        Assert.Equal(1, _emulator.State.WorkOSEnvironmentsCreated);
    }

    [Fact]
    public async Task Build_output_names_what_was_done_without_any_secret()
    {
        using var app = ConsumerProject.Create(feed, "summary").WithFrontend(FrontendKind.NextJs).UsingEmulator(_emulator);

        var result = await app.BuildAsync("-v:n");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("ConvexAuthKit: WorkOS AuthKit for dev:happy-animal-123", result.Output);
        foreach (var secret in _emulator.IssuedSecrets())
            Assert.DoesNotContain(secret, result.Output);
        var cookie = System.Text.RegularExpressions.Regex.Match(app.ReadEnvLocal(), "WORKOS_COOKIE_PASSWORD=(.+)\n").Groups[1].Value;
        Assert.DoesNotContain(cookie, result.Output);
    }

    [Fact]
    public async Task Dotnet_run_provisions_before_the_app_starts()
    {
        using var app = ConsumerProject.Create(feed, "run").WithFrontend(FrontendKind.Vite).UsingEmulator(_emulator);

        var result = await app.DotnetAsync("run", "--project", app.ProjectFile);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("app ran", result.Output);
        Assert.Contains("VITE_WORKOS_CLIENT_ID=", app.ReadEnvLocal());
    }
}
