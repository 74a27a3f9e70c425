using System.Diagnostics;
using System.Text;
using ConvexAuthKit.Emulator;
using ConvexAuthKit.PackageTests.Infrastructure;

namespace ConvexAuthKit.PackageTests.Reliability;

/// <summary>
/// A `dotnet` process of a consumer project that the test can kill at the moment it chooses (ProcessRunner only
/// kills on its timeout). The environment is the one ConsumerProject gives its builds.
/// </summary>
internal sealed class BuildProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private BuildProcess(Process process) => _process = process;

    public string Output { get { lock (_output) return _output.ToString(); } }

    public static BuildProcess Start(PackageFeed feed, ConsumerProject app, ConvexEmulator emulator, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = app.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in args.Concat(new[] { app.ProjectFile, "-nodeReuse:false" }).Concat(app.ExtraBuildArgs))
            psi.ArgumentList.Add(a);
        foreach (var name in ProcessRunner.CiVariables.Concat(ProcessRunner.ConvexVariables))
            psi.Environment.Remove(name);
        psi.Environment["NUGET_PACKAGES"] = feed.PackagesDir;
        psi.Environment["HOME"] = app.HomeDir;
        psi.Environment["DOTNET_CLI_HOME"] = app.HomeDir;
        psi.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        psi.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        psi.Environment["CONVEX_PROVISION_HOST"] = emulator.ProvisionHost;

        var process = new Process { StartInfo = psi };
        var build = new BuildProcess(process);
        process.OutputDataReceived += (_, e) => { if (e.Data != null) lock (build._output) build._output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (build._output) build._output.AppendLine(e.Data); };
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return build;
    }

    /// <summary>Kills the build and every process it started (MSBuild nodes included), as a crash or a closed IDE would.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async Task<int> WaitForExitAsync(TimeSpan limit)
    {
        using var cts = new CancellationTokenSource(limit);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
            throw new TimeoutException($"The build did not end within {limit}:\n{Output}");
        }
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}
