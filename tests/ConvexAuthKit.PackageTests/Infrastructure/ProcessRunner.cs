using System.Diagnostics;
using System.Text;

namespace ConvexAuthKit.PackageTests.Infrastructure;

public sealed record ProcessResult(int ExitCode, string Output)
{
    public override string ToString() => $"exit {ExitCode}\n{Output}";
}

/// <summary>Runs a child process with a controlled environment and a hard time limit.</summary>
public static class ProcessRunner
{
    /// <summary>Variables that make the package think it runs in CI, removed unless a test sets them on purpose.</summary>
    public static readonly string[] CiVariables =
    {
        "CI", "TF_BUILD", "GITHUB_ACTIONS", "GITLAB_CI", "BUILDKITE", "TEAMCITY_VERSION", "APPVEYOR",
        "JENKINS_URL", "BUILD_ID", "BUILD_URL", "CODEBUILD_BUILD_ID", "DEPENDABOT", "ContinuousIntegrationBuild",
    };

    /// <summary>Convex variables of the machine running the tests, which must never leak into a test's build.</summary>
    public static readonly string[] ConvexVariables =
    {
        "CONVEX_DEPLOYMENT", "CONVEX_DEPLOY_KEY", "CONVEX_DEPLOYMENT_TOKEN", "CONVEX_OVERRIDE_ACCESS_TOKEN",
        "CONVEX_PROVISION_HOST", "CONVEX_SELF_HOSTED_URL", "WORKOS_CLIENT_ID", "WORKOS_API_KEY", "WORKOS_COOKIE_PASSWORD",
    };

    public static async Task<ProcessResult> RunAsync(string fileName, IEnumerable<string> args, string workingDir,
        IReadOnlyDictionary<string, string?> environment, TimeSpan timeout)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        foreach (var name in CiVariables.Concat(ConvexVariables))
            psi.Environment.Remove(name);
        foreach (var (name, value) in environment)
        {
            if (value == null)
                psi.Environment.Remove(name);
            else
                psi.Environment[name] = value;
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = psi };
        process.OutputDataReceived += (_, e) => { if (e.Data != null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', args)} did not finish within {timeout}:\n{output}");
        }
        process.WaitForExit();
        lock (output)
            return new ProcessResult(process.ExitCode, output.ToString());
    }
}
