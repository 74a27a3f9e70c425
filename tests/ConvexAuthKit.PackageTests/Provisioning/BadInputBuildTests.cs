using ConvexAuthKit.Emulator;
using ConvexAuthKit.PackageTests.Infrastructure;

namespace ConvexAuthKit.PackageTests.Provisioning;

/// <summary>Bad input fails the build with one coded error and leaves .env.local byte for byte as it was.</summary>
[Collection(PackageCollection.Name)]
public sealed class BadInputBuildTests(PackageFeed feed) : IAsyncLifetime
{
    private ConvexEmulator _emulator = null!;

    public async Task InitializeAsync() => _emulator = await ConvexEmulator.StartAsync();
    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public async Task Not_logged_in_fails_with_CAK0100_and_leaves_env_local_untouched()
    {
        using var app = ConsumerProject.Create(feed, "nologin").WithFrontend(FrontendKind.Vite).UsingEmulator(_emulator, loggedIn: false);
        var before = File.ReadAllBytes(app.EnvLocalPath);

        var result = await app.BuildAsync();

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("error CAK0100", result.Output);
        Assert.Contains("npx convex login", result.Output);
        Assert.Equal(before, File.ReadAllBytes(app.EnvLocalPath));
    }

    [Fact]
    public async Task Named_pipe_env_local_fails_with_CAK0020_instead_of_hanging_and_stays_a_pipe()
    {
        // A secret manager's mount: the task must neither block reading it nor replace it with a regular file.
        if (OperatingSystem.IsWindows()) return;
        using var app = ConsumerProject.Create(feed, "fifoenv").WithFrontend(FrontendKind.Vite).UsingEmulator(_emulator);
        File.Delete(app.EnvLocalPath);
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", new[] { app.EnvLocalPath })!)
            mkfifo.WaitForExit();

        var result = await app.BuildAsync("-p:ConvexAuthKitForce=true", "-nodeReuse:false");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("error CAK0020", result.Output);
        Assert.Equal(0, _emulator.State.ProvisioningCalls);
        using var isPipe = System.Diagnostics.Process.Start("sh", new[] { "-c", "test -p \"$1\"", "sh", app.EnvLocalPath })!;
        isPipe.WaitForExit();
        Assert.Equal(0, isPipe.ExitCode);
    }

    [Fact]
    public async Task Missing_package_json_fails_with_CAK0001()
    {
        using var app = ConsumerProject.Create(feed, "nopackage").UsingEmulator(_emulator);

        var result = await app.BuildAsync();

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("error CAK0001", result.Output);
    }

    [Fact]
    public async Task Unreadable_package_json_fails_with_CAK0002_at_its_line()
    {
        using var app = ConsumerProject.Create(feed, "badpackage").WithFrontend(FrontendKind.Vite).UsingEmulator(_emulator);
        File.WriteAllText(Path.Combine(app.FrontendDir, "package.json"), "{\n  \"dependencies\": {\n    \"convex\": \"^1.0\",,\n  }\n}\n");
        var before = File.ReadAllBytes(app.EnvLocalPath);

        var result = await app.BuildAsync();

        Assert.NotEqual(0, result.ExitCode);
        Assert.Matches(@"package\.json\(3[,0-9]*\): error CAK0002", result.Output);
        Assert.Equal(before, File.ReadAllBytes(app.EnvLocalPath));
    }

    [Fact]
    public async Task No_convex_deployment_fails_with_CAK0003()
    {
        using var app = ConsumerProject.Create(feed, "nodeployment")
            .WithFrontend(FrontendKind.Vite, envLocal: "VITE_CONVEX_URL=https://x.convex.cloud\n").UsingEmulator(_emulator);

        var result = await app.BuildAsync();

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("error CAK0003", result.Output);
        Assert.Equal("VITE_CONVEX_URL=https://x.convex.cloud\n", app.ReadEnvLocal());
    }

    [Fact]
    public async Task Unknown_deployment_fails_with_CAK0102()
    {
        using var app = ConsumerProject.Create(feed, "unknown").WithFrontend(FrontendKind.Vite, deployment: "no-such-deployment-1").UsingEmulator(_emulator);
        var before = File.ReadAllBytes(app.EnvLocalPath);

        var result = await app.BuildAsync();

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("error CAK0102", result.Output);
        Assert.Equal(before, File.ReadAllBytes(app.EnvLocalPath));
    }

    [Fact]
    public async Task Prod_deployment_is_never_provisioned_and_only_warns_CAK0105()
    {
        using var app = ConsumerProject.Create(feed, "prod").WithFrontend(FrontendKind.Vite,
            envLocal: "CONVEX_DEPLOYMENT=prod:sober-otter-456\n").UsingEmulator(_emulator);

        var result = await app.BuildAsync();

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("warning CAK0105", result.Output);
        Assert.Empty(_emulator.Requests);
        Assert.Equal("CONVEX_DEPLOYMENT=prod:sober-otter-456\n", app.ReadEnvLocal());
    }

    [Fact]
    public async Task Auth_config_without_workos_is_nothing_to_do_and_sends_no_request()
    {
        using var app = ConsumerProject.Create(feed, "clerk").WithFrontend(FrontendKind.Vite,
            authConfig: "export default { providers: [{ domain: process.env.CLERK_JWT_ISSUER_DOMAIN, applicationID: \"convex\" }] };\n")
            .UsingEmulator(_emulator);
        var before = File.ReadAllBytes(app.EnvLocalPath);

        var result = await app.BuildAsync();

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Empty(_emulator.Requests);
        Assert.Equal(before, File.ReadAllBytes(app.EnvLocalPath));
    }
}
