using System.Diagnostics;
using System.Text;
using ConvexAuthKit.PackageTests.Infrastructure;

namespace ConvexAuthKit.PackageTests.MSBuild;

/// <summary>What a developer's terminal shows after a build: the final screen, and the raw bytes for diagnosis.</summary>
public sealed record TerminalResult(int ExitCode, string Screen, string Raw)
{
    public override string ToString() => $"exit {ExitCode}\n--- screen ---\n{Screen}";
}

/// <summary>
/// Runs `dotnet build` in a pseudo-terminal of a given size, as an interactive terminal runs it: util-linux `script`
/// allocates the pty, `stty` gives it a window size (without one MSBuild falls back to the console logger), and
/// nothing switches the terminal logger on or off, so MSBuild picks it as it would for the user.
/// </summary>
public static class TerminalBuild
{
    public const int Columns = 120;
    public const int Rows = 50;

    public static async Task<TerminalResult> RunAsync(ConsumerProject app, params string[] args)
    {
        var dotnet = new List<string> { "dotnet", "build", app.ProjectFile, "-nodeReuse:false" };
        dotnet.AddRange(app.ExtraBuildArgs);
        dotnet.AddRange(args);
        var command = $"stty cols {Columns} rows {Rows} && exec " + string.Join(' ', dotnet.Select(Quote));

        var psi = new ProcessStartInfo("script")
        {
            WorkingDirectory = app.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        // -q: no banner; -e: the build's exit code; -f: flush as it goes; the typescript file is not needed.
        foreach (var a in new[] { "-qefc", command, "/dev/null" })
            psi.ArgumentList.Add(a);
        foreach (var name in ProcessRunner.CiVariables.Concat(ProcessRunner.ConvexVariables))
            psi.Environment.Remove(name);
        // The user's choice of logger must not decide the test, nor what `dotnet test` leaves for its own child
        // builds (MSBUILDENSURESTDOUTFORTASKPROCESSES switches the terminal logger off); a plain xterm is what the
        // logger expects.
        foreach (var name in new[] { "MSBUILDTERMINALLOGGER", "MSBUILDENSURESTDOUTFORTASKPROCESSES", "_MSBUILDTLENABLED" })
            psi.Environment.Remove(name);
        psi.Environment.Remove("NO_COLOR");
        psi.Environment["TERM"] = "xterm-256color";
        foreach (var (name, value) in app.BuildEnvironment)
        {
            if (value == null)
                psi.Environment.Remove(name);
            else
                psi.Environment[name] = value;
        }

        using var process = new Process { StartInfo = psi };
        process.Start();
        process.StandardInput.Close();
        // Raw bytes: a line reader would turn the logger's carriage returns into line breaks.
        var raw = new MemoryStream();
        var stdout = process.StandardOutput.BaseStream.CopyToAsync(raw);
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{command} did not finish within 5 minutes:\n{Encoding.UTF8.GetString(raw.ToArray())}");
        }
        await stdout;
        var text = Encoding.UTF8.GetString(raw.ToArray()) + await stderr;
        return new TerminalResult(process.ExitCode, TerminalScreen.Render(text, Columns, Rows), text);
    }

    private static string Quote(string arg) => "'" + arg.Replace("'", "'\\''") + "'";
}
