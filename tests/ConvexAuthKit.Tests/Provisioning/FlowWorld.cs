using ConvexAuthKit.Api;
using ConvexAuthKit.Emulator;
using ConvexAuthKit.Provisioning;

namespace ConvexAuthKit.Tests.Provisioning;

/// <summary>
/// A frontend folder on disk, an emulator, and options pointing one at the other: the provisioning flow
/// end to end in-process (the package tests do the same through real `dotnet build`).
/// </summary>
public sealed class FlowWorld : IAsyncDisposable
{
    public const string Deployment = EmulatorOptions.DefaultDevDeployment;

    public const string ViteAuthConfig =
        "const clientId = process.env.WORKOS_CLIENT_ID;\n" +
        "export default { providers: [{ type: \"customJwt\", issuer: `https://api.workos.com/user_management/${clientId}`, algorithm: \"RS256\", jwks: `https://api.workos.com/sso/jwks/${clientId}` }] };\n";

    public const string ViteEnvLocal = "CONVEX_DEPLOYMENT=dev:happy-animal-123 # team: acme, project: my-app\n\nVITE_CONVEX_URL=https://happy-animal-123.convex.cloud\n";

    private readonly Dictionary<string, string?> _environment = new();

    private FlowWorld(ConvexEmulator emulator, string root)
    {
        Emulator = emulator;
        Root = root;
        Directory.CreateDirectory(FrontendDir);
        Directory.CreateDirectory(Path.Combine(FrontendDir, "convex"));
        Directory.CreateDirectory(HomeDir);
        _environment["CONVEX_OVERRIDE_ACCESS_TOKEN"] = emulator.AccessToken;
    }

    public ConvexEmulator Emulator { get; }
    public string Root { get; }
    public string ProjectDir => Root;
    public string FrontendDir => Path.Combine(Root, "ClientApp");
    public string HomeDir => Path.Combine(Root, "home");
    public string EnvLocalPath => Path.Combine(FrontendDir, ".env.local");
    public string CacheFile => Path.Combine(Root, "obj", "ConvexAuthKit.cache.json");
    public CollectingReporter Reporter { get; private set; } = new();

    public static async Task<FlowWorld> CreateAsync(EmulatorOptions? options = null)
    {
        var emulator = await ConvexEmulator.StartAsync(options);
        var root = Path.Combine(Path.GetTempPath(), "cak-flow-" + Guid.NewGuid().ToString("N")[..10]);
        return new FlowWorld(emulator, root);
    }

    /// <summary>A Vite frontend with the canonical WorkOS auth.config and .env.local as `npx convex dev` writes it.</summary>
    public FlowWorld WithViteApp(string? envLocal = ViteEnvLocal, string authConfig = ViteAuthConfig)
    {
        WriteFile("package.json", """{ "dependencies": { "convex": "^1.30.0", "react": "^19.0.0" }, "devDependencies": { "vite": "^7.0.0" } }""");
        WriteFile("convex/auth.config.ts", authConfig);
        if (envLocal != null)
            WriteFile(".env.local", envLocal);
        return this;
    }

    public FlowWorld WithNextApp(string? envLocal = null)
    {
        WriteFile("package.json", """{ "dependencies": { "convex": "^1.30.0", "next": "15.5.0" } }""");
        WriteFile("convex/auth.config.ts", ViteAuthConfig);
        WriteFile(".env.local", envLocal ?? ViteEnvLocal.Replace("VITE_CONVEX_URL", "NEXT_PUBLIC_CONVEX_URL"));
        return this;
    }

    /// <summary>A frontend whose convex.json has an authKit section (config mode); no auth.config at all.</summary>
    public FlowWorld WithConfigApp(string convexJson, string dependencies = "\"vite\": \"^7.0.0\"", string? envLocal = ViteEnvLocal)
    {
        WriteFile("package.json", "{ \"dependencies\": { \"convex\": \"^1.30.0\", " + dependencies + " } }");
        WriteFile("convex.json", convexJson);
        if (envLocal != null)
            WriteFile(".env.local", envLocal);
        return this;
    }

    /// <summary>Gives the deployment an existing WorkOS environment's variables (all three unless told otherwise).</summary>
    public ConvexAuthKit.Emulator.WorkOSEnvironment GiveDeploymentWorkOS(bool clientId = true, bool environmentId = true, bool apiKey = true)
    {
        var existing = Emulator.State.ProvisionWorkOSEnvironment(Deployment);
        if (clientId) Emulator.State.SetDeploymentVariable(Deployment, "WORKOS_CLIENT_ID", existing.ClientId);
        if (environmentId) Emulator.State.SetDeploymentVariable(Deployment, "WORKOS_ENVIRONMENT_ID", existing.EnvironmentId);
        if (apiKey) Emulator.State.SetDeploymentVariable(Deployment, "WORKOS_API_KEY", existing.ApiKey);
        return existing;
    }

    public void WriteFile(string relative, string text) => File.WriteAllText(Path.Combine(FrontendDir, relative), text);

    public FlowWorld Env(string name, string? value)
    {
        _environment[name] = value;
        return this;
    }

    public ProvisioningOptions Options() => new()
    {
        ProjectDir = ProjectDir,
        ProvisionHost = Emulator.ProvisionHost,
        WorkOSApiUrl = Emulator.WorkOSApiUrl,
        Environment = name => _environment.TryGetValue(name, out var v) ? v : null,
        HomeDir = HomeDir,
        Http = new HttpPolicy { RequestTimeout = TimeSpan.FromSeconds(5), InitialBackoff = TimeSpan.FromMilliseconds(10), MaxBackoff = TimeSpan.FromMilliseconds(50) },
    };

    /// <summary>One run behind the cache, as the task does it, with a fresh reporter.</summary>
    public async Task<RunStatus> RunAsync(bool force = false, ProvisioningOptions? options = null)
    {
        Reporter = new CollectingReporter();
        return await ProvisioningRun.ExecuteAsync(options ?? Options(), CacheFile, force, Reporter, CancellationToken.None);
    }

    public string ReadEnvLocal() => File.ReadAllText(EnvLocalPath);

    public async ValueTask DisposeAsync()
    {
        await Emulator.DisposeAsync();
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}
