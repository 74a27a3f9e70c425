using System.Net;
using ConvexAuthKit.Emulator;

namespace ConvexAuthKit.Tests.Emulator;

/// <summary>The emulator's round-trip latency (<c>--latency-ms</c>, <see cref="EmulatorOptions.Latency"/>) and its request order.</summary>
public class LatencyTests
{
    [Fact]
    public async Task Latency_holds_every_api_request_before_it_is_answered_but_not_the_control_endpoints()
    {
        var options = EmulatorOptions.Default();
        options.Latency = TimeSpan.FromMinutes(10);
        await using var emulator = await ConvexEmulator.StartAsync(options);
        using var client = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };

        var bigBrain = Http.Send(HttpMethod.Post, emulator.Api("/api/deployment/authorize_within_current_project"), new { selectedDeploymentName = Calls.Dev }, Http.Bearer(emulator.AccessToken), client);
        var workOS = Http.Send(HttpMethod.Post, emulator.WorkOS("/user_management/cors_origins"), new { origin = "http://localhost:5173" }, Http.Bearer("sk_test_x"), client);
        await WaitUntilAsync(() => emulator.Requests.Count == 2);
        // The control endpoint answers at once, while both API requests are still held.
        var control = await Http.Get(emulator.Api("/_emulator/requests"));

        Assert.Equal(HttpStatusCode.OK, control.Status);
        Assert.All(emulator.Requests, r => Assert.Equal((0, 0L), (r.Status, r.Answered)));
        Assert.False(bigBrain.IsCompleted || workOS.IsCompleted);
    }

    [Fact]
    public async Task Without_latency_the_same_request_is_answered_before_the_control_endpoint_is()
    {
        await using var emulator = await ConvexEmulator.StartAsync();

        var reply = await Http.Post(emulator.WorkOS("/user_management/cors_origins"), new { origin = "http://localhost:5173" }, Http.Bearer("sk_test_x"));
        await Http.Get(emulator.Api("/_emulator/requests"));

        var recorded = Assert.Single(emulator.Requests);
        Assert.Equal((int)reply.Status, recorded.Status);
        Assert.True(recorded.Arrived < recorded.Answered);
    }

    [Fact]
    public void Negative_latency_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new EmulatorOptions { Latency = TimeSpan.FromMilliseconds(-1) });
    }

    [Fact]
    public async Task Requests_sent_one_after_another_never_overlap_and_requests_held_together_do()
    {
        await using var emulator = await ConvexEmulator.StartAsync();
        var body = new { origin = "http://localhost:5173" };
        await Http.Post(emulator.WorkOS("/user_management/cors_origins"), body, Http.Bearer("sk_test_a"));
        await Http.Post(emulator.WorkOS("/user_management/cors_origins"), body, Http.Bearer("sk_test_b"));
        var barrier = emulator.Barrier = new RequestBarrier(2, (_, _, p) => p == "/user_management/redirect_uris", TimeSpan.FromSeconds(20));
        await Task.WhenAll(
            Http.Post(emulator.WorkOS("/user_management/redirect_uris"), new { uri = "http://localhost:5173/callback" }, Http.Bearer("sk_test_a")),
            Http.Post(emulator.WorkOS("/user_management/redirect_uris"), new { uri = "http://localhost:5173/callback" }, Http.Bearer("sk_test_b")));

        var log = emulator.Requests;
        Assert.False(log[0].OverlapsWith(log[1]));
        Assert.True(barrier.Reached);
        Assert.True(log[2].OverlapsWith(log[3]));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var giveUp = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < giveUp, "The condition never became true.");
            await Task.Delay(20);
        }
    }
}
