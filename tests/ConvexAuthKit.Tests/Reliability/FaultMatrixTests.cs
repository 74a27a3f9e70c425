using ConvexAuthKit.Caching;
using ConvexAuthKit.Emulator;
using ConvexAuthKit.Provisioning;
using ConvexAuthKit.Tests.Provisioning;

namespace ConvexAuthKit.Tests.Reliability;

/// <summary>
/// The fault matrix of docs/reliability.md, in-process against the emulator: each fault either heals through
/// a retry or ends in one coded error, within the timeouts, with .env.local untouched.
/// </summary>
public sealed class FaultMatrixTests
{
    private const string Dep = FlowWorld.Deployment;

    [Fact]
    public async Task Server_error_once_is_retried_and_the_run_succeeds()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        w.Emulator.Faults.Add(new FaultRule { Service = "bigbrain", Path = Reliably.Provision, Status = 500, Times = 1 });

        Assert.Equal(RunStatus.Succeeded, await w.RunBoundedAsync(w.ShortTimeouts()));

        Assert.Equal(2, w.Count(Reliably.Provision));
        Assert.Equal(1, w.Emulator.State.WorkOSEnvironmentsCreated);
    }

    [Fact]
    public async Task Server_error_on_every_attempt_stops_after_the_bounded_attempts_with_CAK0300()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        w.Emulator.Faults.Add(new FaultRule { Service = "bigbrain", Path = Reliably.Provision, Status = 503 });

        Assert.Equal(RunStatus.Failed, await w.RunBoundedAsync(w.ShortTimeouts(maxAttempts: 3)));

        Assert.Equal("CAK0300", Assert.Single(w.Reporter.Errors).Code);
        Assert.Equal(3, w.Count(Reliably.Provision));
        Assert.Equal(FlowWorld.ViteEnvLocal, w.ReadEnvLocal());
    }

    [Fact]
    public async Task Too_many_requests_with_Retry_After_is_waited_for_and_retried()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        w.Emulator.Faults.Add(new FaultRule { Service = "deployment", Path = Reliably.ListVariables, Status = 429, Headers = { ["Retry-After"] = "1" }, Times = 1 });

        Assert.Equal(RunStatus.Succeeded, await w.RunBoundedAsync(w.ShortTimeouts()));

        var tries = w.Emulator.Requests.Where(r => r.Path == Reliably.ListVariables).ToList();
        Assert.Equal(2, tries.Count);
        Assert.True(tries[1].Timestamp - tries[0].Timestamp >= TimeSpan.FromMilliseconds(900), "Retry-After was not honoured.");
    }

    [Fact]
    public async Task Client_error_is_never_retried()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        w.Emulator.Faults.Add(new FaultRule { Service = "deployment", Path = Reliably.ListVariables, Status = 400 });

        Assert.Equal(RunStatus.Failed, await w.RunBoundedAsync(w.ShortTimeouts(maxAttempts: 4)));

        Assert.Equal(1, w.Count(Reliably.ListVariables));
        Assert.Equal("CAK0300", Assert.Single(w.Reporter.Errors).Code);
    }

    [Fact]
    public async Task Hung_service_fails_with_CAK0302_within_the_timeout()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        w.Emulator.Faults.Add(new FaultRule { Service = "bigbrain", Path = Reliably.Authorize, Kind = FaultKind.Hang });

        Assert.Equal(RunStatus.Failed, await w.RunBoundedAsync(w.ShortTimeouts()));

        var error = Assert.Single(w.Reporter.Errors);
        Assert.Equal("CAK0302", error.Code);
        Assert.Contains("ConvexAuthKitHttpTimeout", error.Text);
        Assert.Equal(FlowWorld.ViteEnvLocal, w.ReadEnvLocal());
    }

    [Fact]
    public async Task Run_that_keeps_retrying_past_the_run_deadline_stops_with_CAK0303()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        w.Emulator.Faults.Add(new FaultRule { Service = "deployment", Path = Reliably.ListVariables, Kind = FaultKind.Hang });

        var status = await w.RunBoundedAsync(w.ShortTimeouts(maxAttempts: 100, runDeadline: TimeSpan.FromSeconds(3)));

        Assert.Equal(RunStatus.Failed, status);
        var error = Assert.Single(w.Reporter.Errors);
        Assert.Equal("CAK0303", error.Code);
        Assert.Contains("ConvexAuthKitTimeout", error.Text);
    }

    [Fact]
    public async Task Injected_401_says_to_run_npx_convex_login()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        w.Emulator.Faults.Add(new FaultRule { Service = "bigbrain", Path = Reliably.Authorize, Status = 401 });

        Assert.Equal(RunStatus.Failed, await w.RunBoundedAsync(w.ShortTimeouts()));

        var error = Assert.Single(w.Reporter.Errors);
        Assert.Equal("CAK0101", error.Code);
        Assert.Contains("npx convex login", error.Text);
        Assert.Equal(1, w.Count(Reliably.Authorize));
    }

    [Fact]
    public async Task Unknown_deployment_is_CAK0102_and_changes_nothing()
    {
        await using var w = await FlowWorld.CreateAsync();
        const string envLocal = "CONVEX_DEPLOYMENT=dev:no-such-deployment-42\n";
        w.WithViteApp(envLocal: envLocal);

        Assert.Equal(RunStatus.Failed, await w.RunBoundedAsync(w.ShortTimeouts()));

        Assert.Equal("CAK0102", Assert.Single(w.Reporter.Errors).Code);
        Assert.Equal(envLocal, w.ReadEnvLocal());
        Assert.Equal(0, w.Emulator.State.ProvisioningCalls);
    }

    [Fact]
    public async Task Duplicate_redirect_uri_422_and_cors_origin_409_count_as_registered()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        w.Emulator.Faults.Add(new FaultRule { Service = "workos", Path = Reliably.RedirectUris, Status = 422, Body = """{"code":"invalid_request","message":"Redirect URI already exists."}""" });
        w.Emulator.Faults.Add(new FaultRule { Service = "workos", Path = Reliably.CorsOrigins, Status = 409, Body = """{"code":"duplicate_cors_origin","message":"CORS origin is a duplicate."}""" });

        Assert.Equal(RunStatus.Succeeded, await w.RunBoundedAsync(w.ShortTimeouts()));

        Assert.Empty(w.Reporter.Errors);
        Assert.Equal(1, w.Count(Reliably.RedirectUris));
        Assert.Equal(1, w.Count(Reliably.CorsOrigins));
    }

    [Fact]
    public async Task Connection_dropped_mid_response_once_is_retried_and_the_run_succeeds()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        w.Emulator.Faults.Add(new FaultRule { Service = "deployment", Path = Reliably.ListVariables, Kind = FaultKind.Drop, Times = 1 });

        Assert.Equal(RunStatus.Succeeded, await w.RunBoundedAsync(w.ShortTimeouts()));

        Assert.Equal(2, w.Count(Reliably.ListVariables));
    }

    [Fact]
    public async Task Connection_dropped_mid_response_every_time_is_CAK0301()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        w.Emulator.Faults.Add(new FaultRule { Service = "deployment", Path = Reliably.ListVariables, Kind = FaultKind.Drop });

        Assert.Equal(RunStatus.Failed, await w.RunBoundedAsync(w.ShortTimeouts()));

        Assert.Equal("CAK0301", Assert.Single(w.Reporter.Errors).Code);
        Assert.Equal(FlowWorld.ViteEnvLocal, w.ReadEnvLocal());
    }

    [Fact]
    public async Task Answer_that_is_not_json_is_CAK0300_not_an_internal_error()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        w.Emulator.Faults.Add(new FaultRule { Service = "deployment", Path = Reliably.ListVariables, Status = 200, Body = "<html>captive portal</html>" });

        Assert.Equal(RunStatus.Failed, await w.RunBoundedAsync(w.ShortTimeouts()));

        Assert.Equal("CAK0300", Assert.Single(w.Reporter.Errors).Code);
    }

    [Fact]
    public async Task WorkOS_down_after_the_deployment_step_is_recorded_and_the_next_build_completes()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        w.Emulator.Faults.Add(new FaultRule { Service = "workos", Kind = FaultKind.Drop });

        Assert.Equal(RunStatus.Failed, await w.RunBoundedAsync(w.ShortTimeouts()));
        var stopped = ResultCache.Read(w.CacheFile)?.Stopped;
        Assert.NotNull(stopped);
        Assert.Equal("CAK0301", stopped.Code);
        Assert.Equal("WorkOS: POST " + Reliably.RedirectUris, stopped.StoppedAt);
        Assert.Contains(stopped.Completed, s => s.EndsWith(Reliably.UpdateVariables, StringComparison.Ordinal));

        w.Emulator.Faults.Clear();
        Assert.Equal(RunStatus.Succeeded, await w.RunBoundedAsync(w.ShortTimeouts()));

        Assert.Contains(w.Reporter.Reports, r => r.Text.Contains("the last build stopped at WorkOS: POST " + Reliably.RedirectUris));
        var env = w.Emulator.State.WorkOSEnvironmentFor(Dep)!;
        Assert.Equal(1, w.Emulator.State.WorkOSEnvironmentsCreated);
        Assert.Equal(new[] { "http://localhost:5173/callback" }, env.RedirectUris);
        Assert.Equal(new[] { "http://localhost:5173" }, env.CorsOrigins);
        Assert.Null(ResultCache.Read(w.CacheFile)!.Stopped);
    }

    [Fact]
    public async Task Two_concurrent_runs_send_exactly_one_provisioning_request()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        // A slow provisioning call: a second, unserialized run would find the deployment still unprovisioned meanwhile.
        w.Emulator.Faults.Add(new FaultRule { Service = "bigbrain", Path = Reliably.Provision, Kind = FaultKind.Delay, Delay = TimeSpan.FromMilliseconds(500) });
        var first = new CollectingReporter();
        var second = new CollectingReporter();

        var runs = await Task.WhenAll(
            ProvisioningRun.ExecuteAsync(w.Options(), w.CacheFile, false, first, CancellationToken.None),
            ProvisioningRun.ExecuteAsync(w.Options(), w.CacheFile, false, second, CancellationToken.None));

        Assert.Equal(1, w.Count(Reliably.Provision));
        Assert.Equal(1, w.Emulator.State.ProvisioningCalls);
        Assert.Contains(RunStatus.Succeeded, runs);
        Assert.Contains(RunStatus.SkippedFromCache, runs);
        Assert.Empty(first.Errors.Concat(second.Errors));
    }

    [Fact]
    public async Task Cancelling_the_build_stops_promptly_records_the_stop_and_leaves_env_local_untouched()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        w.Emulator.Faults.Add(new FaultRule { Service = "bigbrain", Path = Reliably.Provision, Kind = FaultKind.Hang });
        var options = w.Options();
        options.Http.RequestTimeout = TimeSpan.FromMinutes(5);
        using var cancel = new CancellationTokenSource();

        var run = ProvisioningRun.ExecuteAsync(options, w.CacheFile, false, new CollectingReporter(), cancel.Token);
        await WaitUntilAsync(() => w.Emulator.Requests.Any(r => r.Path == Reliably.Provision));
        cancel.Cancel();

        var ended = await Task.WhenAny(run, Task.Delay(Reliably.DoesNotHang));
        Assert.True(ended == run, "The run did not stop after cancellation.");
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Equal(FlowWorld.ViteEnvLocal, w.ReadEnvLocal());
        var stopped = ResultCache.Read(w.CacheFile)?.Stopped;
        Assert.Equal("cancelled", stopped?.Code);
        Assert.Equal("Convex: POST " + Reliably.Provision, stopped?.StoppedAt);
    }

    [Fact]
    public async Task Run_under_way_is_marked_interrupted_so_a_killed_build_is_finished_by_the_next()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        w.Emulator.Faults.Add(new FaultRule { Service = "bigbrain", Path = Reliably.Provision, Kind = FaultKind.Hang });
        using var cancel = new CancellationTokenSource();

        var run = ProvisioningRun.ExecuteAsync(w.Options(), w.CacheFile, false, new CollectingReporter(), cancel.Token);
        await WaitUntilAsync(() => w.Emulator.Requests.Any(r => r.Path == Reliably.Provision));

        // What a process killed at this moment leaves behind:
        Assert.Equal("interrupted", ResultCache.Read(w.CacheFile)?.Stopped?.Code);
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }

    internal static async Task WaitUntilAsync(Func<bool> condition)
    {
        var giveUp = DateTime.UtcNow + Reliably.DoesNotHang;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < giveUp, "The condition never became true.");
            await Task.Delay(20);
        }
    }
}
