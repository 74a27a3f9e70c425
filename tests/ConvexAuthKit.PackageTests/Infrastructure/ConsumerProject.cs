using ConvexAuthKit.Emulator;

namespace ConvexAuthKit.PackageTests.Infrastructure;

/// <summary>
/// A .NET project that consumes the packed ConvexAuthKit from the run's feed, with a frontend folder beside it,
/// and a home folder holding the Convex CLI's login for the emulator. Builds are real `dotnet` processes.
/// </summary>
public sealed class ConsumerProject : IDisposable
{
    private readonly PackageFeed _feed;
    private readonly Dictionary<string, string?> _environment = new();

    private ConsumerProject(PackageFeed feed, string root, string projectFile)
    {
        _feed = feed;
        Root = root;
        ProjectFile = projectFile;
    }

    public string Root { get; }
    public string ProjectFile { get; }
    public string ProjectDir => Path.GetDirectoryName(ProjectFile)!;
    public string HomeDir => Path.Combine(Root, "home");
    /// <summary>The frontend folder (ClientApp/ unless the test chose another layout).</summary>
    public string FrontendDir { get; private set; } = "";
    public string EnvLocalPath => Path.Combine(FrontendDir, ".env.local");
    public string CacheFile => Path.Combine(ProjectDir, "obj", "ConvexAuthKit.cache.json");

    public static ConsumerProject Create(PackageFeed feed, string name, string sdk = "Microsoft.NET.Sdk.Web",
        string targetFrameworks = "net10.0", string extraProperties = "")
    {
        var root = Path.Combine(feed.RunDir, name + "-" + Guid.NewGuid().ToString("N")[..6]);
        var project = new ConsumerProject(feed, root, Path.Combine(root, "App", "App.csproj"));
        Directory.CreateDirectory(project.ProjectDir);
        var tfmProperty = targetFrameworks.Contains(';') ? "TargetFrameworks" : "TargetFramework";
        File.WriteAllText(project.ProjectFile, $"""
            <Project Sdk="{sdk}">
              <PropertyGroup>
                <{tfmProperty}>{targetFrameworks}</{tfmProperty}>
                <OutputType>Exe</OutputType>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                {extraProperties}
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="ConvexAuthKit" Version="{feed.Version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(project.ProjectDir, "Program.cs"), "System.Console.WriteLine(\"app ran\");\n");
        return project.Prepared();
    }

    /// <summary>
    /// A copy of one of the repository's samples (samples/&lt;sample&gt;), built with the package under test.
    /// </summary>
    public static ConsumerProject FromSample(PackageFeed feed, string sample, string projectRelativePath, string frontendRelativePath)
    {
        var root = Path.Combine(feed.RunDir, "sample-" + sample + "-" + Guid.NewGuid().ToString("N")[..6]);
        CopyDirectory(Path.Combine(RepoPaths.Root, "samples", sample), root);
        File.Copy(Path.Combine(RepoPaths.Root, "samples", "Directory.Build.props"), Path.Combine(root, "Directory.Build.props"));
        var project = new ConsumerProject(feed, root, Path.Combine(root, projectRelativePath));
        project.FrontendDir = Path.Combine(root, frontendRelativePath);
        project.ExtraBuildArgs.Add("-p:ConvexAuthKitSampleVersion=" + feed.Version);
        return project.Prepared();
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var dir in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(dir.Replace(from, to));
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            if (file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}") || file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
                continue;
            File.Copy(file, file.Replace(from, to));
        }
    }

    /// <summary>The run's feed and package folder, a home folder of its own, no build server.</summary>
    private ConsumerProject Prepared()
    {
        Directory.CreateDirectory(HomeDir);
        // The run's feed is added to the machine's sources (never cleared).
        File.WriteAllText(Path.Combine(Root, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="convexauthkit-under-test" value="{_feed.FeedDir}" />
              </packageSources>
            </configuration>
            """);
        SetEnvironment("NUGET_PACKAGES", _feed.PackagesDir);
        SetEnvironment("HOME", HomeDir);
        SetEnvironment("DOTNET_CLI_HOME", HomeDir);
        SetEnvironment("DOTNET_CLI_USE_MSBUILD_SERVER", "0");
        SetEnvironment("MSBUILDDISABLENODEREUSE", "1");
        return this;
    }

    /// <summary>Writes a frontend of the given kind into ClientApp/ (or another folder relative to the project).</summary>
    public ConsumerProject WithFrontend(FrontendKind kind, string deployment = "happy-animal-123", string folder = "ClientApp",
        string? authConfig = Frontends.CanonicalAuthConfig, string? envLocal = null)
    {
        FrontendDir = Path.GetFullPath(Path.Combine(ProjectDir, folder));
        Directory.CreateDirectory(Path.Combine(FrontendDir, "convex"));
        File.WriteAllText(Path.Combine(FrontendDir, "package.json"), Frontends.PackageJson(kind));
        if (authConfig != null)
            File.WriteAllText(Path.Combine(FrontendDir, "convex", "auth.config.ts"), authConfig);
        File.WriteAllText(EnvLocalPath, envLocal ?? Frontends.InitialEnvLocal(kind, deployment));
        return this;
    }

    /// <summary>Points the build at the emulator and logs the Convex CLI in, the way `npx convex login` would.</summary>
    public ConsumerProject UsingEmulator(ConvexEmulator emulator, bool loggedIn = true)
    {
        SetEnvironment("CONVEX_PROVISION_HOST", emulator.ProvisionHost);
        ExtraBuildArgs.Add("-p:ConvexAuthKitWorkOSApiUrl=" + emulator.WorkOSApiUrl);
        if (loggedIn)
        {
            var port = new Uri(emulator.ProvisionHost).Port;
            var configDir = Path.Combine(HomeDir, ".convex-test-" + port);
            Directory.CreateDirectory(configDir);
            File.WriteAllText(Path.Combine(configDir, "config.json"), $"{{\"accessToken\":\"{emulator.AccessToken}\"}}");
        }
        return this;
    }

    public List<string> ExtraBuildArgs { get; } = new();

    /// <summary>The environment builds of this project get (null: removed), for tests that start `dotnet` themselves.</summary>
    public IReadOnlyDictionary<string, string?> BuildEnvironment => _environment;

    public ConsumerProject SetEnvironment(string name, string? value)
    {
        _environment[name] = value;
        return this;
    }

    public Task<ProcessResult> BuildAsync(params string[] args) => DotnetAsync("build", args);

    /// <summary>Runs `dotnet verb`; build-like verbs get this project (unless the arguments name another) and no node reuse.</summary>
    public Task<ProcessResult> DotnetAsync(string verb, params string[] args)
    {
        var all = new List<string> { verb };
        if (verb is "build" or "run" or "msbuild" or "restore")
        {
            if (!args.Any(a => a.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase)))
                all.Add(ProjectFile);
            all.Add("-nodeReuse:false");
        }
        all.AddRange(verb == "run" ? ExtraBuildArgs.Select(a => a.Replace("-p:", "--property:")) : ExtraBuildArgs);
        all.AddRange(args);
        return ProcessRunner.RunAsync("dotnet", all, Root, _environment, TimeSpan.FromMinutes(5));
    }

    public string ReadEnvLocal() => File.ReadAllText(EnvLocalPath);

    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable("CONVEXAUTHKIT_KEEP_TEST_DIRS") == "1")
            return;
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
