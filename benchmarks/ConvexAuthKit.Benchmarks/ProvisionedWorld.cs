using ConvexAuthKit.Api;
using ConvexAuthKit.Caching;
using ConvexAuthKit.Diagnostics;
using ConvexAuthKit.Emulator;
using ConvexAuthKit.Options;
using ConvexAuthKit.Provisioning;

namespace ConvexAuthKit.Benchmarks;

/// <summary>
/// A Vite frontend on disk (package.json, convex/auth.config.ts, .env.local as `npx convex dev` leaves it), a
/// logged-in Convex CLI home folder, and an in-process emulator; <see cref="CreateAsync"/> provisions it once for
/// real, so the obj/ cache afterwards holds exactly what a build's cache holds.
/// </summary>
public sealed class ProvisionedWorld : IAsyncDisposable
{
    private ProvisionedWorld(ConvexEmulator emulator, string root)
    {
        Emulator = emulator;
        Root = root;
    }

    public ConvexEmulator Emulator { get; }
    public string Root { get; }
    public string ProjectDir => Path.Combine(Root, "App");
    public string FrontendDir => Path.Combine(ProjectDir, "ClientApp");
    public string HomeDir => Path.Combine(Root, "home");
    public string CacheFile => Path.Combine(ProjectDir, "obj", "ConvexAuthKit.cache.json");

    public static async Task<ProvisionedWorld> CreateAsync()
    {
        var emulator = await ConvexEmulator.StartAsync();
        var world = new ProvisionedWorld(emulator, Path.Combine(Path.GetTempPath(), "cak-bench-" + Guid.NewGuid().ToString("N")[..10]));
        WriteFiles(world.Root, emulator.ProvisionHost, emulator.AccessToken);

        var reporter = new CollectingReporter();
        var status = await ProvisioningRun.ExecuteAsync(world.Options(), world.CacheFile, force: true, reporter, CancellationToken.None);
        if (status != RunStatus.Succeeded || !File.Exists(world.CacheFile))
            throw new InvalidOperationException($"The first (real) run did not succeed: {status}\n{reporter}");
        world.FirstRunRequests = emulator.Requests.Count;
        emulator.ClearRequests();
        return world;
    }

    /// <summary>
    /// Writes the frontend (package.json, convex/auth.config.ts, .env.local as `npx convex dev` leaves it) under
    /// root/App/ClientApp, and the Convex CLI's login for the given host under root/home.
    /// </summary>
    public static void WriteFiles(string root, string provisionHost, string accessToken)
    {
        var frontendDir = Path.Combine(root, "App", "ClientApp");
        Directory.CreateDirectory(Path.Combine(frontendDir, "convex"));
        File.WriteAllText(Path.Combine(frontendDir, "package.json"),
            """{ "name": "clientapp", "private": true, "type": "module", "dependencies": { "@workos-inc/authkit-react": "^0.13.0", "convex": "^1.30.0", "react": "^19.1.0" }, "devDependencies": { "vite": "^7.1.0" } }""");
        File.WriteAllText(Path.Combine(frontendDir, "convex", "auth.config.ts"), Inputs.CanonicalAuthConfig);
        File.WriteAllText(Path.Combine(frontendDir, ".env.local"),
            $"# Deployment used by `npx convex dev`\nCONVEX_DEPLOYMENT=dev:{EmulatorOptions.DefaultDevDeployment} # team: acme, project: my-app\n\nVITE_CONVEX_URL=https://{EmulatorOptions.DefaultDevDeployment}.convex.cloud\n");

        // What `npx convex login` writes; with a non-default provision host the CLI reads ~/.convex-test-<port>.
        var port = new Uri(provisionHost).Port;
        var configDir = Path.Combine(root, "home", ".convex-test-" + port);
        Directory.CreateDirectory(configDir);
        File.WriteAllText(Path.Combine(configDir, "config.json"), $"{{\"accessToken\":\"{accessToken}\"}}");
    }

    /// <summary>Requests the first, real run sent.</summary>
    public int FirstRunRequests { get; private set; }

    /// <summary>Options as the task builds them from the MSBuild properties.</summary>
    public ProvisioningOptions Options() => OptionsFor(Root, Emulator.ProvisionHost, Emulator.WorkOSApiUrl);

    /// <summary>The same options for a world created by an earlier process (see <see cref="ColdStart"/>).</summary>
    public static ProvisioningOptions OptionsFor(string root, string provisionHost, string workOSApiUrl)
    {
        var home = Path.Combine(root, "home");
        return new ProvisioningOptions
        {
            ProjectDir = Path.Combine(root, "App"),
            ProvisionHost = provisionHost,
            WorkOSApiUrl = workOSApiUrl,
            FrontendUrl = "http://localhost:5173",
            FrontendUrlSource = "SpaProxyServerUrl",
            Environment = name => name == "HOME" ? home : null,
            HomeDir = home,
            Http = new HttpPolicy { RequestTimeout = TimeSpan.FromSeconds(20) },
        };
    }

    /// <summary>Stops the emulator but keeps the files (for a later process).</summary>
    public ValueTask StopEmulatorAsync() => Emulator.DisposeAsync();

    public CacheRecord ReadCache() => ResultCache.Read(CacheFile) ?? throw new InvalidOperationException("No cache record.");

    public async ValueTask DisposeAsync()
    {
        await Emulator.DisposeAsync();
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}

/// <summary>Keeps the reports of a run (only to explain a failure).</summary>
public sealed class CollectingReporter : IReporter
{
    private readonly List<string> _lines = new();
    public void Message(Importance importance, string text) { lock (_lines) _lines.Add($"{importance}: {text}"); }
    public void Warning(string code, string text, string? file = null, int line = 0) { lock (_lines) _lines.Add($"warning {code}: {text}"); }
    public void Error(string code, string text, string? file = null, int line = 0) { lock (_lines) _lines.Add($"error {code}: {text}"); }
    public override string ToString() { lock (_lines) return string.Join("\n", _lines); }
}

/// <summary>Drops every report: the task's logging cost is MSBuild's, not ours.</summary>
public sealed class NullReporter : IReporter
{
    public static readonly NullReporter Instance = new();
    public void Message(Importance importance, string text) { }
    public void Warning(string code, string text, string? file = null, int line = 0) { }
    public void Error(string code, string text, string? file = null, int line = 0) { }
}
