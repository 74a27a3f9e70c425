using System.Diagnostics;
using System.Text;
using System.Text.Json;
using ConvexAuthKit.Tests.Support;

namespace ConvexAuthKit.Tests.EnvFiles;

/// <summary>
/// Node's dotenv (the version the Convex CLI 1.48 bundles, pinned in tests/node/package-lock.json) as a reference
/// reader: one node process answers batches of texts over JSON lines. The harness is installed with `npm ci` the
/// first time. When node is missing, <see cref="Start"/> returns null locally and fails under CI=true.
/// </summary>
internal sealed class NodeDotenv : IDisposable
{
    private readonly Process _process;

    private NodeDotenv(Process process) => _process = process;

    public static string HarnessDir => Path.Combine(RepositoryPaths.Root, "tests", "node");

    public static NodeDotenv? Start()
    {
        if (!CanRun("node", "--version"))
        {
            Assert.False(IsCi, "node is not on PATH, so the differential test against Node's dotenv cannot run; install Node.js 20 or later on the CI machine.");
            return null;
        }
        if (!File.Exists(Path.Combine(HarnessDir, "node_modules", "dotenv", "package.json")))
        {
            // npm is a .cmd script on Windows, which only the shell can start.
            var (exit, output) = OperatingSystem.IsWindows()
                ? Run("cmd.exe", "/c npm ci --no-audit --no-fund --ignore-scripts", HarnessDir, TimeSpan.FromMinutes(3))
                : Run("npm", "ci --no-audit --no-fund --ignore-scripts", HarnessDir, TimeSpan.FromMinutes(3));
            Assert.True(exit == 0, $"`npm ci` in {HarnessDir} failed ({exit}):\n{output}");
        }
        var start = new ProcessStartInfo("node", "dotenv-oracle.js")
        {
            WorkingDirectory = HarnessDir,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = new UTF8Encoding(false),
        };
        return new NodeDotenv(Process.Start(start)!);
    }

    /// <summary>What dotenv.parse returns for each text, as name/value pairs.</summary>
    public List<Dictionary<string, string>> Parse(IReadOnlyList<string> texts)
    {
        _process.StandardInput.WriteLine(JsonSerializer.Serialize(texts));
        _process.StandardInput.Flush();
        var line = _process.StandardOutput.ReadLine();
        if (line == null)
            throw new InvalidOperationException("node ended without an answer: " + _process.StandardError.ReadToEnd());
        var answers = JsonSerializer.Deserialize<List<List<List<string>>>>(line)!;
        return answers.Select(pairs => pairs.ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal)).ToList();
    }

    public void Dispose()
    {
        try
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(10_000))
                _process.Kill();
        }
        finally
        {
            _process.Dispose();
        }
    }

    private static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    private static bool CanRun(string file, string arguments)
    {
        try
        {
            return Run(file, arguments, Directory.GetCurrentDirectory(), TimeSpan.FromSeconds(30)).Exit == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private static (int Exit, string Output) Run(string file, string arguments, string workingDirectory, TimeSpan timeout)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit((int)timeout.TotalMilliseconds))
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"{file} {arguments} did not finish within {timeout}");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
