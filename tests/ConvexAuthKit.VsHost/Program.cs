using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.Build.Execution;
using Microsoft.Build.Framework;
using Microsoft.Build.Logging;

namespace ConvexAuthKit.VsHost
{
    /// <summary>
    /// Builds one project with the .NET Framework MSBuild engine, in process, as Visual Studio's MSBuild would.
    ///
    ///   ConvexAuthKit.VsHost.exe PROJECT [-t:Target] [-p:Name=Value]... [-clp:Parameters] [--repeat N] [--cancel-on-stdin] [--loaded-from DIR]
    ///
    /// -clp: the console logger's parameters, as MSBuild.exe's -consoleLoggerParameters (e.g. PerformanceSummary;Verbosity=minimal,
    /// for benchmarks/vs-engine.sh). Without it the console logger runs at normal verbosity with no parameters.
    /// Prints the console logger's output, then one line "VSHOST-RESULT: Success|Failure" per build,
    /// and with --loaded-from one "VSHOST-LOADED: path" line for every loaded assembly whose file is under DIR.
    /// --cancel-on-stdin: a line "cancel" on standard input cancels the running build (as Visual Studio's Cancel does).
    /// Exit code: 0 when every build succeeded, 1 otherwise, 2 for a usage error.
    /// </summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            // The engine finds its tools folder from MSBUILD_EXE_PATH (as MSBuildLocator sets it); this host is that
            // "MSBuild.exe". Set before any MSBuild type is touched.
            Environment.SetEnvironmentVariable("MSBUILD_EXE_PATH", typeof(Program).Assembly.Location);
            return Run(args);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static int Run(string[] args)
        {
            string? project = null;
            var targets = new List<string>();
            var properties = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var repeat = 1;
            var cancelOnStdin = false;
            string? loadedFrom = null;
            string? loggerParameters = null;
            for (var i = 0; i < args.Length; i++)
            {
                var a = args[i];
                if (a.StartsWith("-t:", StringComparison.Ordinal))
                    targets.AddRange(a.Substring(3).Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries));
                else if (a.StartsWith("-p:", StringComparison.Ordinal) && a.IndexOf('=') > 3)
                    properties[a.Substring(3, a.IndexOf('=') - 3)] = a.Substring(a.IndexOf('=') + 1);
                else if (a.StartsWith("-clp:", StringComparison.Ordinal))
                    loggerParameters = a.Substring(5);
                else if (a == "--repeat" && i + 1 < args.Length)
                    repeat = int.Parse(args[++i]);
                else if (a == "--cancel-on-stdin")
                    cancelOnStdin = true;
                else if (a == "--loaded-from" && i + 1 < args.Length)
                    loadedFrom = Path.GetFullPath(args[++i]);
                else if (project == null && !a.StartsWith("-", StringComparison.Ordinal))
                    project = Path.GetFullPath(a);
                else
                {
                    Console.Error.WriteLine("VsHost: unknown argument " + a);
                    return 2;
                }
            }
            if (project == null)
            {
                Console.Error.WriteLine("VsHost: no project given");
                return 2;
            }
            if (targets.Count == 0)
                targets.Add("Build");

            var manager = BuildManager.DefaultBuildManager;
            if (cancelOnStdin)
            {
                var reader = new Thread(() =>
                {
                    string? line;
                    while ((line = Console.In.ReadLine()) != null)
                    {
                        if (line.Trim() == "cancel")
                            manager.CancelAllSubmissions();
                    }
                }) { IsBackground = true };
                reader.Start();
            }

            var allSucceeded = true;
            for (var n = 0; n < repeat; n++)
            {
                var parameters = new BuildParameters
                {
                    Loggers = new ILogger[] { new ConsoleLogger(LoggerVerbosity.Normal) { Parameters = loggerParameters } },
                    MaxNodeCount = 1,
                    EnableNodeReuse = false,
                };
                var request = new BuildRequestData(project, properties, null, targets.ToArray(), null);
                var result = manager.Build(parameters, request);
                var ok = result.OverallResult == BuildResultCode.Success;
                allSucceeded &= ok;
                Console.WriteLine("VSHOST-RESULT: " + (ok ? "Success" : "Failure"));
                if (result.Exception != null)
                    Console.WriteLine("VSHOST-EXCEPTION: " + result.Exception.GetType().FullName + ": " + result.Exception.Message);
            }

            if (loadedFrom != null)
            {
                var prefix = loadedFrom.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
                foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
                {
                    string location;
                    try { location = assembly.Location; }
                    catch (NotSupportedException) { continue; }
                    if (!string.IsNullOrEmpty(location) && Path.GetFullPath(location).StartsWith(prefix, StringComparison.Ordinal))
                        Console.WriteLine("VSHOST-LOADED: " + Path.GetFullPath(location));
                }
            }
            Console.Out.Flush();
            return allSucceeded ? 0 : 1;
        }
    }
}
