using System.Diagnostics;
using System.Text.Json;

namespace ConvexAuthKit.Tasks.Tests;

/// <summary>
/// Evaluates the repository's build/ConvexAuthKit.props and .targets in a generated project with
/// `dotnet msbuild -getProperty` (in the manner of SourceLink's VerifyValues tests): what the properties come to
/// for a given environment and command line, without running a target, so nothing is provisioned. The child sees
/// none of this machine's CI variables (nor any ConvexAuthKit* one) unless a test sets them.
/// </summary>
internal static class TargetsEvaluation
{
    /// <summary>Every variable the targets treat as a CI sign, and the SDK's switch.</summary>
    public static readonly string[] CiVariables =
    {
        "CI", "TF_BUILD", "GITHUB_ACTIONS", "GITLAB_CI", "BUILDKITE", "TEAMCITY_VERSION", "APPVEYOR", "JENKINS_URL",
        "BUILD_ID", "BUILD_URL", "CODEBUILD_BUILD_ID", "DEPENDABOT", "ContinuousIntegrationBuild",
    };

    public static readonly string[] Properties =
    {
        "ConvexAuthKitEnabled", "_ConvexAuthKitInCI", "ConvexAuthKitMode", "ConvexAuthKitCacheFile", "ConvexAuthKitInputListFile",
        "_ConvexAuthKitFrontendDirGuess", "_ConvexAuthKitFrontendUrl", "_ConvexAuthKitFrontendUrlSource",
        "_ConvexAuthKitDeploymentIsRemote", "ConvexAuthKitHttpTimeout", "ConvexAuthKitConnectTimeout", "ConvexAuthKitTimeout",
    };

    private static readonly Lazy<string> RepoRoot = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ConvexAuthKit.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("ConvexAuthKit.sln not found above " + AppContext.BaseDirectory);
    });

    /// <summary>
    /// A project folder with App.csproj importing the package's props and targets as NuGet would (props first,
    /// the project's own <paramref name="projectProperties"/> between them, targets last,
    /// BaseIntermediateOutputPath as the SDK sets it); <paramref name="arrange"/> adds files to it.
    /// Returns the evaluated <see cref="Properties"/> and the project folder (deleted by <see cref="Project.Dispose"/>).
    /// </summary>
    public static Project Evaluate(IReadOnlyDictionary<string, string>? environment = null, IReadOnlyDictionary<string, string>? globalProperties = null,
        Action<string>? arrange = null, IReadOnlyDictionary<string, string>? projectProperties = null)
    {
        var dir = Directory.CreateTempSubdirectory("cak-eval-").FullName;
        try
        {
            var build = Path.Combine(RepoRoot.Value, "build");
            // Set in the project file (a global -p: property would be immune to the targets' own normalisation).
            var own = string.Concat((projectProperties ?? new Dictionary<string, string>()).Select(p => $"<{p.Key}>{p.Value}</{p.Key}>"));
            File.WriteAllText(Path.Combine(dir, "App.csproj"), $"""
                <Project>
                  <PropertyGroup><BaseIntermediateOutputPath>obj/</BaseIntermediateOutputPath></PropertyGroup>
                  <Import Project="{Path.Combine(build, "ConvexAuthKit.props")}" />
                  <PropertyGroup>{own}</PropertyGroup>
                  <Import Project="{Path.Combine(build, "ConvexAuthKit.targets")}" />
                </Project>
                """);
            arrange?.Invoke(dir);

            var start = new ProcessStartInfo(DotnetHost()) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dir };
            foreach (var arg in new[] { "msbuild", "App.csproj", "-nologo", "-nodeReuse:false" })
                start.ArgumentList.Add(arg);
            foreach (var property in Properties)
                start.ArgumentList.Add("-getProperty:" + property);
            foreach (var (name, value) in globalProperties ?? new Dictionary<string, string>())
                start.ArgumentList.Add($"-p:{name}={value}");
            foreach (var name in start.Environment.Keys.ToList())
            {
                if (CiVariables.Contains(name, StringComparer.OrdinalIgnoreCase) || name.StartsWith("ConvexAuthKit", StringComparison.OrdinalIgnoreCase)
                    || name.StartsWith("_ConvexAuthKit", StringComparison.OrdinalIgnoreCase))
                    start.Environment.Remove(name);
            }
            foreach (var (name, value) in environment ?? new Dictionary<string, string>())
                start.Environment[name] = value;

            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("dotnet msbuild -getProperty did not finish");
            }
            var output = stdout.GetAwaiter().GetResult();
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"dotnet msbuild exited with {process.ExitCode}: {output}{stderr.GetAwaiter().GetResult()}");
            using var json = JsonDocument.Parse(output);
            var values = json.RootElement.GetProperty("Properties").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "");
            return new Project(dir, values);
        }
        catch
        {
            Directory.Delete(dir, recursive: true);
            throw;
        }
    }

    /// <summary>The dotnet that runs these tests (set by `dotnet test`), else the one on the PATH.</summary>
    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    public sealed class Project : IDisposable
    {
        public Project(string directory, IReadOnlyDictionary<string, string> values)
        {
            Directory = directory;
            Values = values;
        }

        public string Directory { get; }
        public IReadOnlyDictionary<string, string> Values { get; }
        public string this[string property] => Values[property];

        public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
    }
}
