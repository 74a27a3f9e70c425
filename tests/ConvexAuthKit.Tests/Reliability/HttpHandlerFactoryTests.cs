using System.Net.Http;
using ConvexAuthKit.Api;
using ConvexAuthKit.Reliability;

namespace ConvexAuthKit.Tests.Reliability;

public sealed class HttpHandlerFactoryTests
{
    [Fact]
    public void On_dotnet_core_the_handler_has_the_policy_connect_timeout()
    {
        using var handler = HttpHandlerFactory.Create(TimeSpan.FromSeconds(3));

        var sockets = Assert.IsType<SocketsHttpHandler>(handler);
        Assert.Equal(TimeSpan.FromSeconds(3), sockets.ConnectTimeout);
        Assert.True(HttpHandlerFactory.SupportsConnectTimeout);
    }

    [Fact]
    public async Task Connecting_to_a_host_that_never_answers_fails_within_the_connect_timeout()
    {
        // A TEST-NET-1 address (RFC 5737): routed nowhere, so a connect either hangs or is refused at once.
        var policy = new HttpPolicy { ConnectTimeout = TimeSpan.FromSeconds(1), RequestTimeout = TimeSpan.FromMinutes(5), MaxAttempts = 1 };
        using var transport = new HttpTransport(policy);

        var send = transport.SendAsync(HttpMethod.Get, new Uri("https://192.0.2.1/api/x"), null, null, true, "Convex", CancellationToken.None);
        var finished = await Task.WhenAny(send, Task.Delay(Reliably.DoesNotHang));

        Assert.True(finished == send, "Connecting was not bounded by the connect timeout.");
        var e = await Assert.ThrowsAsync<ConvexAuthKit.Diagnostics.ConvexAuthKitException>(() => send);
        Assert.True(e.Code is "CAK0301" or "CAK0302", e.Code);
    }
}
