using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConvexAuthKit.Emulator;

// Process mode for the README demo:
//   dotnet run --project src/ConvexAuthKit.Emulator -- [--seed seed.json] [--ready-file path] [--latency-ms N]
// Prints one JSON line with the origins and access token, then serves until Ctrl+C, SIGTERM or stdin closes.

//   dotnet ConvexAuthKit.Emulator.dll --show-state <provisionHost>             (client: print a running emulator's state)
//   dotnet ConvexAuthKit.Emulator.dll --count-requests <provisionHost> [--reset] (client: count its logged requests)
if (args.Length >= 2 && args[0] == "--show-state")
    return await DemoClient.ShowStateAsync(args[1]);
if (args.Length >= 2 && args[0] == "--count-requests")
    return await DemoClient.CountRequestsAsync(args[1], args.Contains("--reset"));

string? seedPath = null, readyFile = null;
var latencyMs = 0;
const string Usage = "Usage: ConvexAuthKit.Emulator [--seed seed.json] [--ready-file path] [--latency-ms N]";
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--seed" when i + 1 < args.Length: seedPath = args[++i]; break;
        case "--ready-file" when i + 1 < args.Length: readyFile = args[++i]; break;
        case "--latency-ms" when i + 1 < args.Length:
            // Whole milliseconds, 0 to 60000: a round trip, not a hang.
            if (!int.TryParse(args[++i], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out latencyMs) || latencyMs > 60_000)
            {
                Console.Error.WriteLine($"--latency-ms takes a whole number of milliseconds from 0 to 60000, not '{args[i]}'. {Usage}");
                return 2;
            }
            break;
        default:
            Console.Error.WriteLine($"Unknown argument '{args[i]}'. {Usage}");
            return 2;
    }
}

EmulatorOptions options;
try
{
    options = seedPath is null ? EmulatorOptions.Default() : SeedFile.Load(seedPath);
}
catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"Cannot read seed file '{seedPath}': {e.Message}");
    return 2;
}
options.Latency = TimeSpan.FromMilliseconds(latencyMs);

ConvexEmulator started;
try
{
    started = await ConvexEmulator.StartAsync(options);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"Invalid seed: {e.Message}");
    return 2;
}
await using var emulator = started;

var deployments = new JsonObject();
foreach (var name in emulator.State.DeploymentNames) deployments[name] = emulator.DeploymentUrl(name);
var ready = new JsonObject
{
    ["provisionHost"] = emulator.ProvisionHost,
    ["workosApiUrl"] = emulator.WorkOSApiUrl,
    ["accessToken"] = emulator.AccessToken,
    ["latencyMs"] = latencyMs,
    ["deployments"] = deployments,
}.ToJsonString();

if (readyFile is not null)
{
    // Write then rename, so a watcher never reads half a line.
    var temp = readyFile + ".tmp";
    await File.WriteAllTextAsync(temp, ready + "\n");
    File.Move(temp, readyFile, overwrite: true);
}
Console.Out.WriteLine(ready);
Console.Out.Flush();

var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.TrySetResult();
};
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c =>
{
    c.Cancel = true;
    stop.TrySetResult();
});
if (StdinIsPipe())
{
    _ = Task.Run(async () =>
    {
        await Console.OpenStandardInput().CopyToAsync(Stream.Null);
        stop.TrySetResult();
    });
}

await stop.Task;
return 0;

// Only a pipe (or socket) closing means "the parent is gone". A background job in a script gets /dev/null as
// stdin, which reads as closed at once; watching that would stop the emulator immediately.
static bool StdinIsPipe()
{
    if (!Console.IsInputRedirected) return false;
    if (!OperatingSystem.IsLinux()) return true;
    try
    {
        var target = new FileInfo("/proc/self/fd/0").LinkTarget ?? "";
        return target.StartsWith("pipe:", StringComparison.Ordinal) || target.StartsWith("socket:", StringComparison.Ordinal);
    }
    catch (IOException)
    {
        return false;
    }
}
