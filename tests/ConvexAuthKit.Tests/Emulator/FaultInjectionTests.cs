using System.Diagnostics;
using System.Net;
using ConvexAuthKit.Emulator;

namespace ConvexAuthKit.Tests.Emulator;

public class FaultInjectionTests
{
    private const string Provision = "/api/workos/get_or_provision_workos_environment";

    [Fact]
    public async Task Status_fault_applies_once_then_requests_succeed()
    {
        await using var emulator = await ConvexEmulator.StartAsync();
        var rule = emulator.Faults.Add(new FaultRule { Service = "bigbrain", PathPrefix = Provision, Kind = FaultKind.Status, Status = 500, Times = 1 });

        var first = await emulator.GetOrProvision();
        var second = await emulator.GetOrProvision();

        Assert.Equal(HttpStatusCode.InternalServerError, first.Status);
        Assert.Equal("InjectedFault", first.Code);
        Assert.Equal(HttpStatusCode.OK, second.Status);
        Assert.Equal(1, emulator.Faults.Hits(rule));
        Assert.Equal([FaultKind.Status, null], emulator.Requests.Select(r => r.Fault));
    }

    [Fact]
    public async Task Faulted_request_does_not_reach_the_service()
    {
        await using var emulator = await ConvexEmulator.StartAsync();
        emulator.Faults.Add(new FaultRule { Service = "bigbrain", Path = Provision, Status = 503, Times = 1 });

        await emulator.GetOrProvision();

        Assert.Null(emulator.State.WorkOSEnvironmentFor(Calls.Dev));
    }

    [Fact]
    public async Task Status_fault_sends_its_headers_such_as_retry_after()
    {
        await using var emulator = await ConvexEmulator.StartAsync();
        emulator.Faults.Add(new FaultRule { Service = "bigbrain", PathPrefix = Provision, Status = 429, Headers = { ["Retry-After"] = "2" }, Times = 1 });

        var reply = await emulator.GetOrProvision();

        Assert.Equal(HttpStatusCode.TooManyRequests, reply.Status);
        Assert.Equal(TimeSpan.FromSeconds(2), reply.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task Rule_without_times_applies_to_every_matching_request()
    {
        await using var emulator = await ConvexEmulator.StartAsync();
        emulator.Faults.Add(new FaultRule { Service = "workos", PathPrefix = "/user_management/", Status = 500 });

        var replies = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ =>
            Http.Post(emulator.WorkOS("/user_management/cors_origins"), new { origin = "http://localhost:5173" }, Http.Bearer("x"))));

        Assert.All(replies, r => Assert.Equal(HttpStatusCode.InternalServerError, r.Status));
    }

    [Fact]
    public async Task Rule_only_matches_its_service()
    {
        await using var emulator = await ConvexEmulator.StartAsync();
        emulator.Faults.Add(new FaultRule { Service = "deployment:sober-otter-456", PathPrefix = "/api/", Status = 500 });
        var adminKey = await emulator.AdminKey();

        var reply = await Http.Get(emulator.OnDeployment(Calls.Dev, "/api/v1/list_environment_variables"), Http.Convex(adminKey));

        Assert.Equal(HttpStatusCode.OK, reply.Status);
    }

    [Fact]
    public async Task Hanging_request_does_not_block_dispose()
    {
        var emulator = await ConvexEmulator.StartAsync();
        emulator.Faults.Add(new FaultRule { Service = "bigbrain", PathPrefix = Provision, Kind = FaultKind.Hang });
        var pending = emulator.GetOrProvision();
        await WaitUntil(() => emulator.Requests.Count == 1);

        var watch = Stopwatch.StartNew();
        await emulator.DisposeAsync();

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"Dispose took {watch.Elapsed}");
        await Assert.ThrowsAnyAsync<Exception>(() => pending);
    }

    [Fact]
    public async Task Hanging_request_ends_when_the_client_gives_up()
    {
        await using var emulator = await ConvexEmulator.StartAsync();
        emulator.Faults.Add(new FaultRule { Service = "bigbrain", PathPrefix = Provision, Kind = FaultKind.Hang, Times = 1 });
        using var client = new HttpClient { Timeout = TimeSpan.FromMilliseconds(300) };

        await Assert.ThrowsAnyAsync<TaskCanceledException>(() =>
            Http.Send(HttpMethod.Post, emulator.Api(Provision), new { deploymentName = Calls.Dev }, Http.Bearer(emulator.AccessToken), client));

        await WaitUntil(() => emulator.Requests.Single().Fault == FaultKind.Hang);
        Assert.Equal(0, emulator.Requests.Single().Status);
    }

    [Fact]
    public async Task Dropped_connection_surfaces_as_HttpRequestException()
    {
        await using var emulator = await ConvexEmulator.StartAsync();
        emulator.Faults.Add(new FaultRule { Service = "deployment", Path = "/api/v1/list_environment_variables", Kind = FaultKind.Drop, Times = 1 });
        var adminKey = await emulator.AdminKey();

        await Assert.ThrowsAsync<HttpRequestException>(() =>
            Http.Get(emulator.OnDeployment(Calls.Dev, "/api/v1/list_environment_variables"), Http.Convex(adminKey)));

        var retry = await Http.Get(emulator.OnDeployment(Calls.Dev, "/api/v1/list_environment_variables"), Http.Convex(adminKey));
        Assert.Equal(HttpStatusCode.OK, retry.Status);
    }

    [Fact]
    public async Task Delay_fault_answers_normally_after_the_delay()
    {
        await using var emulator = await ConvexEmulator.StartAsync();
        emulator.Faults.Add(new FaultRule { Service = "bigbrain", PathPrefix = Provision, Kind = FaultKind.Delay, Delay = TimeSpan.FromMilliseconds(200), Times = 1 });

        var watch = Stopwatch.StartNew();
        var reply = await emulator.GetOrProvision();

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(180), $"answered after {watch.Elapsed}");
    }

    [Fact]
    public async Task Flood_fault_sends_the_given_number_of_bytes_chunked()
    {
        await using var emulator = await ConvexEmulator.StartAsync();
        emulator.Faults.Add(new FaultRule { Service = "bigbrain", Path = Provision, Kind = FaultKind.Flood, BodyBytes = 200_000, Times = 1 });

        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, emulator.Api(Provision)) { Content = new StringContent("{}") };
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.True(response.Headers.TransferEncodingChunked);
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(200_000, bytes.Length);
        Assert.StartsWith("{\"environmentVariables\"", System.Text.Encoding.UTF8.GetString(bytes, 0, 30));
    }

    [Fact]
    public async Task Endless_flood_stops_when_the_client_stops_reading()
    {
        await using var emulator = await ConvexEmulator.StartAsync();
        emulator.Faults.Add(new FaultRule { Service = "bigbrain", Path = Provision, Kind = FaultKind.Flood, DeclaredLength = 1L << 40, Times = 1 });

        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, emulator.Api(Provision)) { Content = new StringContent("{}") };
        using (var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(1L << 40, response.Content.Headers.ContentLength);
            using var stream = await response.Content.ReadAsStreamAsync();
            var buffer = new byte[100_000];
            Assert.True(await stream.ReadAsync(buffer) > 0);
        }

        await WaitUntil(() => emulator.Requests.Single().Fault == FaultKind.Flood);
        var after = await emulator.GetOrProvision();
        Assert.Equal(HttpStatusCode.OK, after.Status);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("Condition not met within 5 s.");
            await Task.Delay(10);
        }
    }
}
