using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace ConvexAuthKit.Evaluation
{
    /// <summary>How one child process ended.</summary>
    internal sealed class NodeProcessResult
    {
        public NodeProcessResult(bool timedOut, int exitCode, string stdout, string? startError)
        {
            TimedOut = timedOut;
            ExitCode = exitCode;
            Stdout = stdout;
            StartError = startError;
        }

        public bool TimedOut { get; }
        public int ExitCode { get; }
        public string Stdout { get; }

        /// <summary>Set when the process could not be started at all.</summary>
        public string? StartError { get; }
    }

    /// <summary>
    /// Runs node with a time limit (then kills it), a cap on what is read from its output, and an environment holding
    /// only what Node needs to start: nothing of the build's environment (tokens, deploy keys, NODE_OPTIONS) reaches it.
    /// </summary>
    internal static class NodeProcess
    {
        public const int MaxOutputChars = 1024 * 1024;

        // Enough for Node and esbuild to start on every platform; everything else is left out on purpose.
        private static readonly string[] PassedVariables = { "PATH", "SystemRoot", "windir", "TEMP", "TMP", "TMPDIR", "ESBUILD_BINARY_PATH" };

        public static NodeProcessResult Run(string node, IReadOnlyList<string> arguments, string workingDirectory, TimeSpan timeout, Func<string, string?> environment, CancellationToken ct)
        {
            var info = new ProcessStartInfo(node)
            {
                Arguments = JoinArguments(arguments),
                WorkingDirectory = workingDirectory,
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                CreateNoWindow = true,
                StandardOutputEncoding = new UTF8Encoding(false),
            };
            info.Environment.Clear();
            foreach (var name in PassedVariables)
            {
                var value = environment(name);
                if (!string.IsNullOrEmpty(value))
                    info.Environment[name] = value;
            }

            Process process;
            try
            {
                process = Process.Start(info)!;
            }
            catch (Exception e) when (e is Win32Exception || e is InvalidOperationException || e is IOException || e is UnauthorizedAccessException)
            {
                return new NodeProcessResult(false, -1, "", e.Message);
            }
            using (process)
            {
                process.StandardInput.Close();
                var stdout = ReadBoundedAsync(process.StandardOutput);
                var stderr = ReadBoundedAsync(process.StandardError);
                var exited = WaitForExit(process, timeout, ct);
                if (!exited)
                {
                    Kill(process);
                    ct.ThrowIfCancellationRequested();
                    return new NodeProcessResult(true, -1, "", null);
                }
                // The streams end with the process; a grandchild still holding them is not waited for.
                Task.WaitAll(new Task[] { stdout, stderr }, TimeSpan.FromSeconds(2));
                return new NodeProcessResult(false, process.ExitCode, stdout.Status == TaskStatus.RanToCompletion ? stdout.Result : "", null);
            }
        }

        private static bool WaitForExit(Process process, TimeSpan timeout, CancellationToken ct)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (true)
            {
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero)
                    return process.HasExited;
                if (process.WaitForExit((int)Math.Min(200, Math.Max(1, left.TotalMilliseconds))))
                    return true;
                if (ct.IsCancellationRequested)
                    return false;
            }
        }

        private static void Kill(Process process)
        {
            try
            {
                if (!process.HasExited)
                    process.Kill();
                process.WaitForExit(5000);
            }
            catch (Exception e) when (e is InvalidOperationException || e is Win32Exception || e is NotSupportedException)
            {
                // Already gone.
            }
        }

        /// <summary>Reads a stream to its end, keeping at most <see cref="MaxOutputChars"/> characters.</summary>
        private static Task<string> ReadBoundedAsync(StreamReader reader) => Task.Run(async () =>
        {
            var text = new StringBuilder();
            var buffer = new char[8192];
            int read;
            while ((read = await reader.ReadAsync(buffer, 0, buffer.Length).ConfigureAwait(false)) > 0)
            {
                if (text.Length < MaxOutputChars)
                    text.Append(buffer, 0, Math.Min(read, MaxOutputChars - text.Length));
            }
            return text.ToString();
        });

        /// <summary>Quotes arguments the way the Windows C runtime and .NET split them back (also correct on Unix).</summary>
        private static string JoinArguments(IReadOnlyList<string> arguments)
        {
            var line = new StringBuilder();
            foreach (var argument in arguments)
            {
                if (line.Length > 0)
                    line.Append(' ');
                line.Append('"');
                var backslashes = 0;
                foreach (var c in argument)
                {
                    if (c == '\\')
                    {
                        backslashes++;
                        continue;
                    }
                    if (c == '"')
                        line.Append('\\', backslashes * 2 + 1);
                    else
                        line.Append('\\', backslashes);
                    backslashes = 0;
                    line.Append(c);
                }
                line.Append('\\', backslashes * 2).Append('"');
            }
            return line.ToString();
        }
    }
}
