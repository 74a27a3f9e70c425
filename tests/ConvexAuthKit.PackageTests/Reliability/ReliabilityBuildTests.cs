using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using ConvexAuthKit.Emulator;
using ConvexAuthKit.PackageTests.Infrastructure;

namespace ConvexAuthKit.PackageTests.Reliability;

/// <summary>
/// The rows of docs/reliability.md that only a real `dotnet build` can prove: secrets in a binary log and at
/// diagnostic verbosity, two build processes racing, a build killed mid-run, and a hung service under the
/// task's own timeout.
/// </summary>
[Collection(PackageCollection.Name)]
public sealed class ReliabilityBuildTests(PackageFeed feed) : IAsyncLifetime
{
    private const string Deployment = "happy-animal-123";
    private const string Provision = "/api/workos/get_or_provision_workos_environment";
    private static readonly TimeSpan BuildLimit = TimeSpan.FromMinutes(3);

    private ConvexEmulator _emulator = null!;

    public async Task InitializeAsync() => _emulator = await ConvexEmulator.StartAsync();
    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public async Task No_secret_appears_in_the_binary_log_or_the_diagnostic_output()
    {
        using var app = ConsumerProject.Create(feed, "secrets").WithFrontend(FrontendKind.NextJs).UsingEmulator(_emulator);
        var binlog = Path.Combine(app.Root, "build.binlog");

        var result = await app.BuildAsync("-bl:" + binlog, "-v:diag");

        Assert.True(result.ExitCode == 0, result.ToString());
        var cookie = Regex.Match(app.ReadEnvLocal(), "WORKOS_COOKIE_PASSWORD=(.+)\n").Groups[1].Value;
        var secrets = _emulator.IssuedSecrets().Append(cookie).ToList();
        Assert.Contains(secrets, s => s.StartsWith("sk_test_", StringComparison.Ordinal));
        var log = Decompress(binlog);
        // Proves the search can see strings at all: the task's own messages are in there.
        Assert.True(IndexOf(log, Encoding.UTF8.GetBytes("ConvexAuthKit: WorkOS AuthKit for dev:" + Deployment)) >= 0, "The binary log does not hold the task's messages.");
        foreach (var secret in secrets)
        {
            Assert.True(IndexOf(log, Encoding.UTF8.GetBytes(secret)) < 0, "A secret is in the binary log.");
            Assert.True(IndexOf(log, Encoding.Unicode.GetBytes(secret)) < 0, "A secret is in the binary log (UTF-16).");
            Assert.False(result.Output.Contains(secret, StringComparison.Ordinal), "A secret is in the -v:diag output.");
        }
    }

    [Fact]
    public async Task Two_build_processes_racing_send_exactly_one_provisioning_request()
    {
        using var app = ConsumerProject.Create(feed, "race").WithFrontend(FrontendKind.Vite).UsingEmulator(_emulator);
        var restore = await app.DotnetAsync("restore");
        Assert.True(restore.ExitCode == 0, restore.ToString());
        // A slow provisioning call: a second, unserialized build would find the deployment still unprovisioned meanwhile.
        _emulator.Faults.Add(new FaultRule { Service = "bigbrain", Path = Provision, Kind = FaultKind.Delay, Delay = TimeSpan.FromSeconds(3) });

        var builds = await Task.WhenAll(
            app.DotnetAsync("msbuild", "-t:ConvexAuthKitProvision", "-restore:false"),
            app.DotnetAsync("msbuild", "-t:ConvexAuthKitProvision", "-restore:false"));

        Assert.All(builds, b => Assert.True(b.ExitCode == 0, b.ToString()));
        Assert.Single(_emulator.Requests, r => r.Path == Provision);
        Assert.Equal(1, _emulator.State.ProvisioningCalls);
    }

    [Fact]
    public async Task Build_killed_mid_run_is_finished_by_the_next_build_as_if_never_interrupted()
    {
        using var app = ConsumerProject.Create(feed, "killed").WithFrontend(FrontendKind.Vite).UsingEmulator(_emulator);
        var restore = await app.DotnetAsync("restore");
        Assert.True(restore.ExitCode == 0, restore.ToString());
        // Stop it where losing work is most likely: deployment variables set, .env.local written, WorkOS not yet told.
        var hang = _emulator.Faults.Add(new FaultRule { Service = "workos", Kind = FaultKind.Hang });

        using (var build = BuildProcess.Start(feed, app, _emulator, "build", "--no-restore", "-p:ConvexAuthKitHttpTimeout=600"))
        {
            await WaitUntilAsync(() => _emulator.Requests.Any(r => r.Service == "workos"), build);
            await build.KillAsync();
        }
        _emulator.Faults.Remove(hang);

        var next = await app.BuildAsync("--no-restore");

        Assert.True(next.ExitCode == 0, next.ToString());
        var env = _emulator.State.WorkOSEnvironmentFor(Deployment)!;
        Assert.Equal(1, _emulator.State.WorkOSEnvironmentsCreated);
        Assert.Equal(env.ClientId, _emulator.State.DeploymentVariables(Deployment)["WORKOS_CLIENT_ID"]);
        Assert.Equal(
            Frontends.InitialEnvLocal(FrontendKind.Vite, Deployment) +
            $"\n# See this environment at https://dashboard.workos.com/{env.EnvironmentId}/authentication\n" +
            $"VITE_WORKOS_CLIENT_ID={env.ClientId}\n\nVITE_WORKOS_REDIRECT_URI=http://localhost:5173/callback\n",
            app.ReadEnvLocal());
        Assert.Equal(new[] { "http://localhost:5173/callback" }, env.RedirectUris);
        Assert.Equal(new[] { "http://localhost:5173" }, env.CorsOrigins);
        Assert.Empty(Directory.GetFiles(app.FrontendDir, "*.tmp"));
    }

    [Fact]
    public async Task Hung_service_fails_the_build_with_CAK0302_instead_of_hanging()
    {
        using var app = ConsumerProject.Create(feed, "hung").WithFrontend(FrontendKind.Vite).UsingEmulator(_emulator);
        var before = File.ReadAllBytes(app.EnvLocalPath);
        _emulator.Faults.Add(new FaultRule { Service = "bigbrain", Kind = FaultKind.Hang });

        var result = await app.BuildAsync("-p:ConvexAuthKitHttpTimeout=1");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("error CAK0302", result.Output);
        Assert.Equal(before, File.ReadAllBytes(app.EnvLocalPath));
    }

    private static async Task WaitUntilAsync(Func<bool> condition, BuildProcess build)
    {
        var giveUp = DateTime.UtcNow + BuildLimit;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < giveUp, "The build never reached the point to kill it at:\n" + build.Output);
            await Task.Delay(50);
        }
    }

    private static byte[] Decompress(string gzipFile)
    {
        using var input = new GZipStream(File.OpenRead(gzipFile), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    private static int IndexOf(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);
}
