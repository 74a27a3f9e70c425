using System.Diagnostics;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text;
using ConvexAuthKit.Emulator;
using ConvexAuthKit.PackageTests.Infrastructure;

namespace ConvexAuthKit.PackageTests.VisualStudio;

/// <summary>
/// A project built by the .NET Framework MSBuild engine (tests/ConvexAuthKit.VsHost, MSBuild 17.7 — under Mono off
/// Windows), importing the packed package's build/ files from an unpacked copy of the .nupkg exactly as NuGet's
/// generated imports would, so the targets pick tasks/net472 as they do in Visual Studio.
/// </summary>
public sealed class VsEngineProject : IDisposable
{
    private readonly Dictionary<string, string?> _environment = new();
    private readonly List<string> _properties = new();

    private VsEngineProject(string root) => Root = root;

    public string Root { get; }
    public string PackageDir => Path.Combine(Root, "package");
    public string TaskDir => Path.Combine(PackageDir, "tasks", "net472");
    public string ProjectDir => Path.Combine(Root, "App");
    public string ProjectFile => Path.Combine(ProjectDir, "App.proj");
    public string HomeDir => Path.Combine(Root, "home");
    public string FrontendDir => Path.Combine(ProjectDir, "ClientApp");
    public string EnvLocalPath => Path.Combine(FrontendDir, ".env.local");

    public static VsEngineProject Create(PackageFeed feed, string name, FrontendKind kind = FrontendKind.Vite, string deployment = "happy-animal-123")
    {
        var project = new VsEngineProject(Path.Combine(feed.RunDir, "vs-" + name + "-" + Guid.NewGuid().ToString("N")[..6]));
        ZipFile.ExtractToDirectory(feed.PackagePath, project.PackageDir);
        Directory.CreateDirectory(Path.Combine(project.FrontendDir, "convex"));
        Directory.CreateDirectory(project.HomeDir);
        File.WriteAllText(Path.Combine(project.FrontendDir, "package.json"), Frontends.PackageJson(kind));
        File.WriteAllText(Path.Combine(project.FrontendDir, "convex", "auth.config.ts"), Frontends.CanonicalAuthConfig);
        File.WriteAllText(project.EnvLocalPath, Frontends.InitialEnvLocal(kind, deployment));
        // What NuGet's obj/*.nuget.g.props and .targets do for a PackageReference: the package's build/ props first,
        // its targets last. BeforeBuild/Build stand in for Microsoft.Common.targets.
        File.WriteAllText(project.ProjectFile, $"""
            <Project>
              <Import Project="{Path.Combine(project.PackageDir, "build", "ConvexAuthKit.props")}" />
              <PropertyGroup>
                <BaseIntermediateOutputPath>obj/</BaseIntermediateOutputPath>
              </PropertyGroup>
              <Target Name="BeforeBuild" />
              <Target Name="Build" DependsOnTargets="BeforeBuild" />
              <Import Project="{Path.Combine(project.PackageDir, "build", "ConvexAuthKit.targets")}" />
            </Project>
            """);
        project._environment["HOME"] = project.HomeDir;
        project._environment["USERPROFILE"] = project.HomeDir;
        // The engine is MSBuild 17.7, below the package's floor: the floor check has its own test.
        project._properties.Add("-p:_ConvexAuthKitSkipMSBuildFloorCheck=true");
        return project;
    }

    /// <summary>Points the build at the emulator and, unless told otherwise, logs the Convex CLI in the way `npx convex login` would.</summary>
    public VsEngineProject UsingEmulator(ConvexEmulator emulator, bool loggedIn = true)
    {
        _environment["CONVEX_PROVISION_HOST"] = emulator.ProvisionHost;
        _properties.Add("-p:ConvexAuthKitWorkOSApiUrl=" + emulator.WorkOSApiUrl);
        if (loggedIn)
        {
            var configDir = Path.Combine(HomeDir, ".convex-test-" + new Uri(emulator.ProvisionHost).Port);
            Directory.CreateDirectory(configDir);
            File.WriteAllText(Path.Combine(configDir, "config.json"), $"{{\"accessToken\":\"{emulator.AccessToken}\"}}");
        }
        return this;
    }

    public VsEngineProject WithoutFloorCheckSkip()
    {
        _properties.Remove("-p:_ConvexAuthKitSkipMSBuildFloorCheck=true");
        return this;
    }

    public string ReadEnvLocal() => File.ReadAllText(EnvLocalPath);

    /// <summary>Runs the host to the end: one or more builds in one process (as a long-lived Visual Studio node does).</summary>
    public async Task<VsHostResult> BuildAsync(int repeat = 1, params string[] args)
    {
        var all = HostArguments(args).Concat(new[] { "--repeat", repeat.ToString() }).ToList();
        var result = await ProcessRunner.RunAsync(VsHost.Launcher, VsHost.LauncherArguments.Concat(all), Root, Environment(), TimeSpan.FromMinutes(4));
        return new VsHostResult(result.ExitCode, result.Output);
    }

    /// <summary>Starts a build that cancels (as Visual Studio's Cancel button does) when <see cref="RunningBuild.CancelAsync"/> is called.</summary>
    public RunningBuild Start(params string[] args)
    {
        var psi = new ProcessStartInfo(VsHost.Launcher)
        {
            WorkingDirectory = Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in VsHost.LauncherArguments.Concat(HostArguments(args)).Append("--cancel-on-stdin"))
            psi.ArgumentList.Add(a);
        foreach (var name in ProcessRunner.CiVariables.Concat(ProcessRunner.ConvexVariables))
            psi.Environment.Remove(name);
        foreach (var (name, value) in Environment())
            psi.Environment[name] = value;
        return new RunningBuild(Process.Start(psi)!);
    }

    private IEnumerable<string> HostArguments(string[] args) =>
        new[] { ProjectFile, "--loaded-from", PackageDir }.Concat(_properties).Concat(args);

    private Dictionary<string, string?> Environment()
    {
        var env = new Dictionary<string, string?>(_environment);
        foreach (var (name, value) in VsHost.RuntimeEnvironment)
            env[name] = value;
        return env;
    }

    public void Dispose()
    {
        if (System.Environment.GetEnvironmentVariable("CONVEXAUTHKIT_KEEP_TEST_DIRS") == "1")
            return;
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

public sealed record VsHostResult(int ExitCode, string Output)
{
    public IReadOnlyList<string> Results => Lines("VSHOST-RESULT: ");
    /// <summary>Files under the unpacked package that the process loaded as assemblies.</summary>
    public IReadOnlyList<string> Loaded => Lines("VSHOST-LOADED: ");

    private List<string> Lines(string prefix) => Output.Split('\n').Select(l => l.TrimEnd('\r'))
        .Where(l => l.StartsWith(prefix, StringComparison.Ordinal)).Select(l => l[prefix.Length..]).ToList();

    public override string ToString() => $"exit {ExitCode}\n{Output}";
}

/// <summary>A host process the test talks to while it runs.</summary>
public sealed class RunningBuild : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    internal RunningBuild(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => { if (e.Data != null) lock (_output) _output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (_output) _output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Output { get { lock (_output) return _output.ToString(); } }

    public async Task CancelAsync()
    {
        await _process.StandardInput.WriteLineAsync("cancel");
        await _process.StandardInput.FlushAsync();
    }

    public async Task<VsHostResult> WaitAsync(TimeSpan limit)
    {
        using var cts = new CancellationTokenSource(limit);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException("The host did not end within " + limit + ":\n" + Output);
        }
        _process.WaitForExit();
        return new VsHostResult(_process.ExitCode, Output);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}

/// <summary>Where the test host is, and how to start it: directly on Windows, under Mono elsewhere.</summary>
public static class VsHost
{
    public static string Exe { get; } = FindExe();

    public static string Launcher => RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? Exe : Mono;

    /// <summary>The arguments before the host's own: none on Windows, Mono's and the host's path elsewhere.</summary>
    public static IEnumerable<string> LauncherArguments => RuntimeInformation.IsOSPlatform(OSPlatform.Windows)
        ? Array.Empty<string>()
        : new[] { "--debug", Exe };

    public static IReadOnlyDictionary<string, string?> RuntimeEnvironment => RuntimeInformation.IsOSPlatform(OSPlatform.Windows)
        ? new Dictionary<string, string?>()
        : new Dictionary<string, string?> { ["MONO_PATH"] = Facades, ["MONO_ENV_OPTIONS"] = null };

    private static string Mono => FindOnPath("mono") ?? throw new InvalidOperationException(
        "Mono is not installed; the Visual Studio engine tests need it off Windows. Run `bash .ci/install-mono.sh` (Debian or Ubuntu, as root).");

    /// <summary>The netstandard facade and its siblings, which Debian ships only in the large mono-devel; .ci/install-mono.sh unpacks them.</summary>
    private static string Facades
    {
        get
        {
            var dir = System.Environment.GetEnvironmentVariable("CONVEXAUTHKIT_MONO_FACADES") is { Length: > 0 } set
                ? set
                : Path.Combine(System.Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } cache ? cache
                    : Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".cache"), "convexauthkit", "mono-facades");
            if (!File.Exists(Path.Combine(dir, "netstandard.dll")))
                throw new InvalidOperationException($"No netstandard.dll in {dir}; run `bash .ci/install-mono.sh`.");
            return dir;
        }
    }

    private static string FindExe()
    {
        // Same configuration as this test assembly (bin/<Configuration>/net10.0/).
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var exe = Path.Combine(RepoPaths.Root, "tests", "ConvexAuthKit.VsHost", "bin", configuration, "net472", "ConvexAuthKit.VsHost.exe");
        if (!File.Exists(exe))
            throw new InvalidOperationException("The test host was not built: " + exe);
        return exe;
    }

    private static string? FindOnPath(string name) =>
        (System.Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
}
