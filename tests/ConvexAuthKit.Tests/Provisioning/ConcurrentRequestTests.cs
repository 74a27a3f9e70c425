using ConvexAuthKit.Caching;
using ConvexAuthKit.Emulator;
using ConvexAuthKit.Provisioning;
using ConvexAuthKit.Tests.Reliability;

namespace ConvexAuthKit.Tests.Provisioning;

/// <summary>
/// After provisioning, the deployment update and the WorkOS registrations go out together (issue 13, item 3). The
/// emulator's barrier holds them until all are in flight, so overlap shows in the request log's order whatever the
/// machine's load: a client sending them one after another gets no overlap and fails these tests.
/// </summary>
public sealed class ConcurrentRequestTests
{
    private const string Dep = FlowWorld.Deployment;
    // Long enough for a concurrent client to reach the barrier, short enough under the 5 s request timeout of FlowWorld.
    private static readonly TimeSpan BarrierWait = TimeSpan.FromSeconds(3);

    private static bool IsUpdateOrRegistration(string service, string method, string path) =>
        path == Reliably.UpdateVariables || path == Reliably.RedirectUris || path == Reliably.CorsOrigins;

    private static RecordedRequest Single(FlowWorld w, string path) => Assert.Single(w.Emulator.Requests, r => r.Path == path);

    [Fact]
    public async Task Deployment_update_and_workos_registrations_are_in_flight_together_with_the_same_requests_and_end_state()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        var barrier = w.Emulator.Barrier = new RequestBarrier(3, IsUpdateOrRegistration, BarrierWait);

        Assert.Equal(RunStatus.Succeeded, await w.RunBoundedAsync(w.Options()));

        Assert.True(barrier.Reached, $"Only {barrier.Arrived} of the 3 independent requests were in flight together.");
        var update = Single(w, Reliably.UpdateVariables);
        var redirect = Single(w, Reliably.RedirectUris);
        var cors = Single(w, Reliably.CorsOrigins);
        Assert.True(update.OverlapsWith(redirect) && update.OverlapsWith(cors) && redirect.OverlapsWith(cors));
        // The critical path stays in order: each answered before the next was sent.
        var path = new[] { Reliably.Authorize, Reliably.ListVariables, Reliably.Provision, Reliably.UpdateVariables }.Select(p => Single(w, p)).ToList();
        for (var i = 1; i < path.Count; i++)
            Assert.True(path[i - 1].Answered < path[i].Arrived, $"{path[i].Path} was sent before {path[i - 1].Path} was answered.");
        Assert.Equal(6, w.Emulator.Requests.Count);
        Assert.Equal(await CleanEndStateAsync(), EndState(w));
    }

    [Fact]
    public async Task Redirect_uris_keep_their_order_beside_the_homepage_and_cors_origins()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithConfigApp("""
            { "authKit": { "dev": { "configure": {
              "redirectUris": ["http://localhost:5173/callback", "http://localhost:5174/callback", "http://localhost:5173/callback"],
              "appHomepageUrl": "https://app.example.com",
              "corsOrigins": ["http://localhost:5173"] } } } }
            """);
        var barrier = w.Emulator.Barrier = new RequestBarrier(3,
            (_, _, p) => p == Reliably.UpdateVariables || p == "/user_management/app_homepage_url" || p == Reliably.CorsOrigins, BarrierWait);

        Assert.Equal(RunStatus.Succeeded, await w.RunBoundedAsync(w.Options()));

        Assert.True(barrier.Reached, $"Only {barrier.Arrived} of the 3 independent requests were in flight together.");
        var update = Single(w, Reliably.UpdateVariables);
        Assert.True(update.OverlapsWith(Single(w, "/user_management/app_homepage_url")) && update.OverlapsWith(Single(w, Reliably.CorsOrigins)));
        // A URI listed twice is sent once; the second redirect URI only after the first was answered (the first can become WorkOS's default).
        var redirects = w.Emulator.Requests.Where(r => r.Path == Reliably.RedirectUris).ToList();
        Assert.Equal(2, redirects.Count);
        Assert.True(redirects[0].Answered < redirects[1].Arrived);
        var env = w.Emulator.State.WorkOSEnvironmentFor(Dep)!;
        Assert.Equal(new[] { "http://localhost:5173/callback", "http://localhost:5174/callback" }, env.RedirectUris);
        Assert.Equal("https://app.example.com", env.AppHomepageUrl);
        // Reported in the CLI's order whatever order the answers came in.
        var summary = Assert.Single(w.Reporter.Reports, r => r.Text.Contains("registered redirect URI")).Text;
        Assert.True(summary.IndexOf("registered redirect URI http://localhost:5173/callback", StringComparison.Ordinal)
            < summary.IndexOf("registered redirect URI http://localhost:5174/callback", StringComparison.Ordinal));
        Assert.True(summary.IndexOf("set app homepage URL", StringComparison.Ordinal) < summary.IndexOf("registered CORS origin", StringComparison.Ordinal));
    }

    /// <summary>A Vite app whose deployment update and WorkOS registrations are held until all three arrived, one of them answered 500.</summary>
    private static async Task<FlowWorld> HeldTogetherWithA500Async(string service, string path)
    {
        var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        w.Emulator.Barrier = new RequestBarrier(3, IsUpdateOrRegistration, BarrierWait);
        w.Emulator.Faults.Add(new FaultRule { Service = service, Path = path, Status = 500 });
        return w;
    }

    /// <summary>With the fault gone, the next run succeeds and leaves the end state of a run that never failed.</summary>
    private static async Task NextRunFinishesCleanlyAsync(FlowWorld w)
    {
        w.Emulator.Faults.Clear();
        w.Emulator.Barrier = null;
        Assert.Equal(RunStatus.Succeeded, await w.RunBoundedAsync(w.ShortTimeouts()));
        Assert.Equal(await CleanEndStateAsync(), EndState(w));
    }

    [Fact]
    public async Task Deployment_500_beside_workos_leaves_env_local_alone_records_the_deployment_step_and_the_next_run_finishes()
    {
        await using var w = await HeldTogetherWithA500Async("deployment", Reliably.UpdateVariables);

        Assert.Equal(RunStatus.Failed, await w.RunBoundedAsync(w.ShortTimeouts()));

        Assert.Equal("CAK0300", Assert.Single(w.Reporter.Errors).Code);
        Assert.Equal(FlowWorld.ViteEnvLocal, w.ReadEnvLocal());
        Assert.Equal($"Convex deployment '{Dep}': POST " + Reliably.UpdateVariables, ResultCache.Read(w.CacheFile)?.Stopped?.StoppedAt);
        Assert.DoesNotContain("WORKOS_CLIENT_ID", w.Emulator.State.DeploymentVariables(Dep).Keys);

        await NextRunFinishesCleanlyAsync(w);
    }

    [Fact]
    public async Task WorkOS_500_beside_the_deployment_update_still_sets_the_deployment_and_env_local_and_the_next_run_finishes()
    {
        await using var w = await HeldTogetherWithA500Async("workos", Reliably.CorsOrigins);

        Assert.Equal(RunStatus.Failed, await w.RunBoundedAsync(w.ShortTimeouts()));

        Assert.Equal("CAK0204", Assert.Single(w.Reporter.Errors).Code);
        var env = w.Emulator.State.WorkOSEnvironmentFor(Dep)!;
        Assert.Equal(env.ClientId, w.Emulator.State.DeploymentVariables(Dep)["WORKOS_CLIENT_ID"]);
        Assert.Contains("VITE_WORKOS_CLIENT_ID=" + env.ClientId, w.ReadEnvLocal());
        Assert.Equal("WorkOS: POST " + Reliably.CorsOrigins, ResultCache.Read(w.CacheFile)?.Stopped?.StoppedAt);

        await NextRunFinishesCleanlyAsync(w);
    }

    [Fact]
    public async Task Cancelling_while_the_deployment_update_is_in_flight_writes_nothing_and_the_next_run_finishes()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        w.Emulator.Faults.Add(new FaultRule { Service = "deployment", Path = Reliably.UpdateVariables, Kind = FaultKind.Hang });
        var options = w.Options();
        options.Http.RequestTimeout = TimeSpan.FromMinutes(5);
        using var cancel = new CancellationTokenSource();

        var run = ProvisioningRun.ExecuteAsync(options, w.CacheFile, false, new CollectingReporter(), cancel.Token);
        // Both registrations answered while the deployment update hangs: they did not wait for it.
        await FaultMatrixTests.WaitUntilAsync(() =>
            w.Emulator.Requests.Count(r => (r.Path == Reliably.RedirectUris || r.Path == Reliably.CorsOrigins) && r.Status != 0) == 2);
        // .env.local waits for the deployment step.
        Assert.Equal(FlowWorld.ViteEnvLocal, w.ReadEnvLocal());
        cancel.Cancel();

        var ended = await Task.WhenAny(run, Task.Delay(Reliably.DoesNotHang));
        Assert.True(ended == run, "The run did not stop after cancellation.");
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Equal(FlowWorld.ViteEnvLocal, w.ReadEnvLocal());
        Assert.Empty(Directory.GetFiles(w.FrontendDir, ".env.local*").Where(f => Path.GetFileName(f) != ".env.local"));
        var stopped = ResultCache.Read(w.CacheFile)?.Stopped;
        Assert.Equal("cancelled", stopped?.Code);
        Assert.Equal($"Convex deployment '{Dep}': POST " + Reliably.UpdateVariables, stopped?.StoppedAt);

        w.Emulator.Faults.Clear();
        Assert.Equal(RunStatus.Succeeded, await w.RunBoundedAsync(w.ShortTimeouts()));
        Assert.Equal(await CleanEndStateAsync(), EndState(w));
    }

    /// <summary>What a clean run against a fresh emulator leaves, with the environment's ids and key named, not shown.</summary>
    private static async Task<string> CleanEndStateAsync()
    {
        await using var clean = await FlowWorld.CreateAsync();
        clean.WithViteApp();
        Assert.Equal(RunStatus.Succeeded, await clean.RunAsync());
        return EndState(clean);
    }

    private static string EndState(FlowWorld w)
    {
        var env = w.Emulator.State.WorkOSEnvironmentFor(Dep)!;
        string Named(string text) => text.Replace(env.ApiKey, "<api key>").Replace(env.ClientId, "<client id>").Replace(env.EnvironmentId, "<environment id>");
        var variables = w.Emulator.State.DeploymentVariables(Dep).OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => v.Key + "=" + Named(v.Value));
        return string.Join("\n--\n",
            Named(w.ReadEnvLocal()),
            string.Join(", ", variables),
            "redirect URIs: " + string.Join(", ", env.RedirectUris),
            "CORS origins: " + string.Join(", ", env.CorsOrigins),
            "environments created: " + w.Emulator.State.WorkOSEnvironmentsCreated,
            "stopped: " + (ResultCache.Read(w.CacheFile)?.Stopped?.Code ?? "none"));
    }
}
