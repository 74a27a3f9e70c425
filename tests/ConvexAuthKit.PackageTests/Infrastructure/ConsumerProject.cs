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

    private ConsumerProject(PackageFeed feed, string root)
    {
        _feed = feed;
        Root = root;
    }

    public string Root { get; }
    public string ProjectDir => Path.Combine(Root, "App");
    public string ProjectFile => Path.Combine(ProjectDir, "App.csproj");
    public string HomeDir => Path.Combine(Root, "home");
    /// <summary>The frontend folder (ClientApp/ unless the test chose another layout).</summary>
    public string FrontendDir { get; private set; } = "";
    public string EnvLocalPath => Path.Combine(FrontendDir, ".env.local");
    public string CacheFile => Path.Combine(ProjectDir, "obj", "ConvexAuthKit.cache.json");

    public static ConsumerProject Create(PackageFeed feed, string name, string sdk = "Microsoft.NET.Sdk.Web",
        string targetFrameworks = "net10.0", string extraProperties = "")
    {
        var root = Path.Combine(feed.RunDir, name + "-" + Guid.NewGuid().ToString("N")[..6]);
        var project = new ConsumerProject(feed, root);
        Directory.CreateDirectory(project.ProjectDir);
        Directory.CreateDirectory(project.HomeDir);
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
        // The run's feed is added to the machine's sources (never cleared).
        File.WriteAllText(Path.Combine(root, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="convexauthkit-under-test" value="{feed.FeedDir}" />
              </packageSources>
            </configuration>
            """);
        project.SetEnvironment("NUGET_PACKAGES", feed.PackagesDir);
        project.SetEnvironment("HOME", project.HomeDir);
        project.SetEnvironment("DOTNET_CLI_HOME", project.HomeDir);
        project.SetEnvironment("DOTNET_CLI_USE_MSBUILD_SERVER", "0");
        project.SetEnvironment("MSBUILDDISABLENODEREUSE", "1");
        return project;
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

    public ConsumerProject SetEnvironment(string name, string? value)
    {
        _environment[name] = value;
        return this;
    }

    public Task<ProcessResult> BuildAsync(params string[] args) => DotnetAsync("build", args);

    public Task<ProcessResult> DotnetAsync(string verb, params string[] args)
    {
        var all = new List<string> { verb };
        if (verb is "build" or "run" or "msbuild" or "restore")
        {
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
