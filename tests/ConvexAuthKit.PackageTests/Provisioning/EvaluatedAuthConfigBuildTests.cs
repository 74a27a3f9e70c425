using System.Diagnostics;
using ConvexAuthKit.Emulator;
using ConvexAuthKit.PackageTests.Infrastructure;

namespace ConvexAuthKit.PackageTests.Provisioning;

/// <summary>Runs where Node.js is on the PATH; skipped with a message otherwise, and failing under CI=true without it.</summary>
public sealed class NodeBuildFactAttribute : FactAttribute
{
    public static readonly string? Npm = FindOnPath(OperatingSystem.IsWindows() ? "npm.cmd" : "npm");

    public NodeBuildFactAttribute()
    {
        if (Npm == null && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            Skip = "Node.js (npm) is not on the PATH, so the build that evaluates an auth.config cannot run here (install Node.js 20 or later; under CI=true this fails instead).";
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Where(dir => dir.Length > 0)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}

/// <summary>
/// A real `dotnet build` of a project whose auth.config reads WORKOS_CLIENT_ID in a way the scan cannot follow and
/// never names it: only evaluating the bundled config (with the esbuild of `npm install convex`) finds the read.
/// </summary>
[Collection(PackageCollection.Name)]
public sealed class EvaluatedAuthConfigBuildTests(PackageFeed feed) : IAsyncLifetime
{
    private const string RuntimeKeyConfig =
        "const parts = ['workos', 'client', 'id'].map((part) => part.toUpperCase());\n"
        + "const clientId = process.env[parts.join('_')];\n"
        + "export default { providers: [{ type: 'customJwt', issuer: 'https://api.workos.com/', algorithm: 'RS256', applicationID: clientId, jwks: `https://api.workos.com/sso/jwks/${clientId}` }] };\n";

    private ConvexEmulator _emulator = null!;

    public async Task InitializeAsync() => _emulator = await ConvexEmulator.StartAsync();
    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [NodeBuildFact]
    public async Task Undecidable_config_is_evaluated_in_node_provisioned_and_not_evaluated_again_on_a_no_op_build()
    {
        Assert.True(NodeBuildFactAttribute.Npm != null, "CI=true but npm is not on the PATH: install Node.js 20 or later.");
        using var app = ConsumerProject.Create(feed, "evaluated").WithFrontend(FrontendKind.Vite, authConfig: RuntimeKeyConfig).UsingEmulator(_emulator);
        // `npm install convex` alone (it brings esbuild, as in every Convex project), then the Vite package.json back.
        var packageJson = File.ReadAllText(Path.Combine(app.FrontendDir, "package.json"));
        File.WriteAllText(Path.Combine(app.FrontendDir, "package.json"), "{ \"name\": \"clientapp\", \"private\": true }\n");
        var install = await ProcessRunner.RunAsync(NodeBuildFactAttribute.Npm!, new[] { "install", "convex", "--no-audit", "--no-fund", "--loglevel=error" },
            app.FrontendDir, new Dictionary<string, string?>(), TimeSpan.FromMinutes(5));
        Assert.True(install.ExitCode == 0, install.ToString());
        File.WriteAllText(Path.Combine(app.FrontendDir, "package.json"), packageJson);

        var result = await app.BuildAsync("-p:ConvexAuthKitVerbosity=detailed");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("was evaluated with Node", result.Output);
        Assert.Contains("(evaluated)", result.Output);
        var vars = _emulator.State.DeploymentVariables("happy-animal-123");
        Assert.True(vars.ContainsKey("WORKOS_CLIENT_ID"), result.ToString());
        Assert.Contains("VITE_WORKOS_CLIENT_ID=", app.ReadEnvLocal());
        var bundle = Path.Combine(app.ProjectDir, "obj", "ConvexAuthKit.evaluation", "auth.config.bundle.mjs");
        Assert.True(File.Exists(bundle), "the bundle belongs in obj/");
        var bundled = File.GetLastWriteTimeUtc(bundle);

        _emulator.ClearRequests();
        var again = await app.BuildAsync("-p:ConvexAuthKitVerbosity=detailed");

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Empty(_emulator.Requests);
        Assert.DoesNotContain("was evaluated with Node", again.Output);
        Assert.Equal(bundled, File.GetLastWriteTimeUtc(bundle));
    }
}
