using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using ConvexAuthKit.Options;
using ConvexAuthKit.Provisioning;

namespace ConvexAuthKit.Benchmarks;

/// <summary>
/// `cold-noop [runs]`: the no-op run's cost in a FRESH process, as MSBuild pays it on every `dotnet build` (each build
/// is a new process, so ConvexAuthKit.Core is loaded and its code JIT-compiled every time). BenchmarkDotNet's numbers
/// are for warm, already-compiled code; this mode shows what the first call costs.
/// One child process provisions a world against the in-process emulator; then each of <c>runs</c> child processes
/// times its first no-op ExecuteAsync (assembly load + JIT + work) and a second one (warm).
/// </summary>
public static class ColdStart
{
    public static int Run(string[] args)
    {
        switch (args[0])
        {
            case "cold-prepare": return Prepare(args[1]);
            case "cold-once": return Once(args[1]);
            case "cold-provision": return ProvisionDriver(args.Length > 1 ? int.Parse(args[1]) : 7);
            case "cold-provision-once": return ProvisionOnce(args[1]);
            default: return Driver(args.Length > 1 ? int.Parse(args[1]) : 15);
        }
    }

    private static int Driver(int runs)
    {
        var stateFile = Path.Combine(Path.GetTempPath(), "cak-cold-" + Guid.NewGuid().ToString("N")[..8] + ".json");
        Child("cold-prepare", stateFile);
        var first = new List<double>();
        var second = new List<double>();
        var load = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var parts = Child("cold-once", stateFile).Trim().Split(' ');
            load.Add(double.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture));
            first.Add(double.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
            second.Add(double.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture));
        }
        var state = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(stateFile))!;
        try { Directory.Delete(state["root"], recursive: true); } catch (IOException) { }
        File.Delete(stateFile);
        Console.WriteLine($"no-op ProvisioningRun.ExecuteAsync in a fresh process, {runs} processes, medians:");
        Console.WriteLine($"  load ConvexAuthKit.Core + build options (cold):  {Median(load),8:F2} ms");
        Console.WriteLine($"  first no-op run (cold: JIT + work):             {Median(first),8:F2} ms   (min {first.Min():F2}, max {first.Max():F2})");
        Console.WriteLine($"  second no-op run in the same process (warm):    {Median(second),8:F3} ms");
        return 0;
    }

    /// <summary>
    /// `cold-provision [runs]`: a full provisioning run (force, so every request is sent) in fresh processes against
    /// an emulator in this process: the first run in each child pays assembly loading and JIT, the second shows the
    /// steady-state cost (requests to the loopback emulator + local work).
    /// </summary>
    private static int ProvisionDriver(int runs)
    {
        var emulator = ConvexAuthKit.Emulator.ConvexEmulator.StartAsync().GetAwaiter().GetResult();
        var first = new List<double>();
        var second = new List<double>();
        var requests = new List<int>();
        try
        {
            for (var i = 0; i < runs; i++)
            {
                var root = Path.Combine(Path.GetTempPath(), "cak-coldprov-" + Guid.NewGuid().ToString("N")[..8]);
                ProvisionedWorld.WriteFiles(root, emulator.ProvisionHost, emulator.AccessToken);
                var stateFile = root + ".json";
                File.WriteAllText(stateFile, JsonSerializer.Serialize(new Dictionary<string, string>
                {
                    ["root"] = root,
                    ["provisionHost"] = emulator.ProvisionHost,
                    ["workosApiUrl"] = emulator.WorkOSApiUrl,
                    ["cacheFile"] = Path.Combine(root, "App", "obj", "ConvexAuthKit.cache.json"),
                }));
                emulator.ClearRequests();
                var parts = Child("cold-provision-once", stateFile).Trim().Split(' ');
                first.Add(double.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture));
                second.Add(double.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
                requests.Add(emulator.Requests.Count);
                File.Delete(stateFile);
                try { Directory.Delete(root, recursive: true); } catch (IOException) { }
            }
        }
        finally
        {
            emulator.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        Console.WriteLine($"full provisioning run (force) in a fresh process, {runs} processes, medians:");
        Console.WriteLine($"  first run (cold: assembly load + JIT + requests):  {Median(first),8:F1} ms   (min {first.Min():F1}, max {first.Max():F1})");
        Console.WriteLine($"  second run, same process (warm):                  {Median(second),8:F1} ms");
        Console.WriteLine($"  requests sent by both runs of a child:            {Median(requests.Select(r => (double)r).ToList()),8:F0}   (the first child provisions; later ones reuse the environment)");
        return 0;
    }

    private static int ProvisionOnce(string stateFile)
    {
        var state = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(stateFile))!;
        var sw = Stopwatch.StartNew();
        var status = RunForced(BuildOptions(state), state["cacheFile"]);
        var first = sw.Elapsed.TotalMilliseconds;
        sw.Restart();
        var status2 = RunForced(BuildOptions(state), state["cacheFile"]);
        var second = sw.Elapsed.TotalMilliseconds;
        if (status != "Succeeded" || status2 != "Succeeded")
            throw new InvalidOperationException($"Provisioning failed: {status}, {status2}");
        Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{first:F3} {second:F3}"));
        return 0;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static string RunForced(object options, string cacheFile) =>
        ProvisioningRun.ExecuteAsync((ProvisioningOptions)options, cacheFile, force: true, NullReporter.Instance, CancellationToken.None)
            .GetAwaiter().GetResult().ToString();

    private static string Child(string verb, string stateFile)
    {
        var self = Environment.ProcessPath!;
        var psi = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
        // `dotnet ConvexAuthKit.Benchmarks.dll` or the apphost.
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
            psi.ArgumentList.Add(typeof(ColdStart).Assembly.Location);
        psi.ArgumentList.Add(verb);
        psi.ArgumentList.Add(stateFile);
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"{verb} failed ({p.ExitCode}): {output}");
        return output;
    }

    private static int Prepare(string stateFile)
    {
        var world = ProvisionedWorld.CreateAsync().GetAwaiter().GetResult();
        File.WriteAllText(stateFile, JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["root"] = world.Root,
            ["provisionHost"] = world.Emulator.ProvisionHost,
            ["workosApiUrl"] = world.Emulator.WorkOSApiUrl,
            ["cacheFile"] = world.CacheFile,
        }));
        world.StopEmulatorAsync().AsTask().GetAwaiter().GetResult();
        return 0;
    }

    private static int Once(string stateFile)
    {
        var state = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(stateFile))!;
        if (Environment.GetEnvironmentVariable("CAK_COLD_PREWARM_FRAMEWORK") == "1")
            PrewarmFramework(state["cacheFile"]);
        var sw = Stopwatch.StartNew();
        var options = BuildOptions(state);
        var load = sw.Elapsed.TotalMilliseconds;
        sw.Restart();
        var status = Run(options, state["cacheFile"]);
        var first = sw.Elapsed.TotalMilliseconds;
        sw.Restart();
        var status2 = Run(BuildOptions(state), state["cacheFile"]);
        var second = sw.Elapsed.TotalMilliseconds;
        if (status != "SkippedFromCache" || status2 != "SkippedFromCache")
            throw new InvalidOperationException($"Not a no-op: {status}, {status2}");
        Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{load:F3} {first:F3} {second:F3}"));
        return 0;
    }

    /// <summary>
    /// With CAK_COLD_PREWARM_FRAMEWORK=1: first uses the framework pieces the no-op touches (SHA-256, JsonDocument,
    /// FileStream, async state machines), as an MSBuild process has mostly done already, so the timed first run
    /// is closer to ConvexAuthKit's own cold cost (assembly load + JIT of its code).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void PrewarmFramework(string file)
    {
        using (var sha = System.Security.Cryptography.SHA256.Create())
        using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            sha.ComputeHash(stream);
        using (var doc = JsonDocument.Parse(File.ReadAllText(file)))
            foreach (var p in doc.RootElement.EnumerateObject()) { _ = p.Name; }
        Task.Run(async () => await Task.Yield()).GetAwaiter().GetResult();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static object BuildOptions(Dictionary<string, string> state) =>
        ProvisionedWorld.OptionsFor(state["root"], state["provisionHost"], state["workosApiUrl"]);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static string Run(object options, string cacheFile) =>
        ProvisioningRun.ExecuteAsync((ProvisioningOptions)options, cacheFile, force: false, NullReporter.Instance, CancellationToken.None)
            .GetAwaiter().GetResult().ToString();

    private static double Median(List<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
