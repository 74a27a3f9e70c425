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
    public void Neither_handler_follows_redirects()
    {
        using var handler = HttpHandlerFactory.Create(TimeSpan.FromSeconds(3));
        using var framework = HttpHandlerFactory.CreateClientHandler();

        Assert.False(Assert.IsType<SocketsHttpHandler>(handler).AllowAutoRedirect);
        Assert.False(framework.AllowAutoRedirect);
    }

    [Fact]
    public async Task Transport_refuses_a_redirect_without_contacting_its_target()
    {
        using var elsewhere = new RecordingListener();
        await using var emulator = await ConvexAuthKit.Emulator.ConvexEmulator.StartAsync();
        emulator.Faults.Add(new ConvexAuthKit.Emulator.FaultRule { Service = "bigbrain", Status = 307, Body = "", Headers = { ["Location"] = elsewhere.Origin + "/x" } });
        using var transport = new HttpTransport(new HttpPolicy { MaxAttempts = 3, RequestTimeout = TimeSpan.FromSeconds(5) });

        var e = await Assert.ThrowsAsync<ConvexAuthKit.Diagnostics.ConvexAuthKitException>(() =>
            transport.SendAsync(HttpMethod.Post, new Uri(emulator.ProvisionHost + "/api/x"), "{\"changes\":[]}", null, true, "Convex", CancellationToken.None));

        Assert.Equal("CAK0306", e.Code);
        Assert.Contains(new Uri(elsewhere.Origin).Authority, e.Message);
        Assert.Single(emulator.Requests);
        Assert.Equal(0, elsewhere.Connections);
    }

    [Theory]
    [InlineData("http://[not a host")]
    [InlineData("https://evil.example\u001b[2J/x")]
    [InlineData("https://\u202Eelpmaxe.live/x")]
    [InlineData("")]
    public async Task Redirect_with_an_unreadable_or_hostile_location_is_still_one_clean_CAK0306(string location)
    {
        using var handler = new RedirectingHandler(location);
        using var transport = new HttpTransport(new HttpPolicy { MaxAttempts = 3 }, handler);

        var e = await Assert.ThrowsAsync<ConvexAuthKit.Diagnostics.ConvexAuthKitException>(() =>
            transport.SendAsync(HttpMethod.Post, new Uri("https://api.convex.dev/api/x"), "{}", null, true, "Convex", CancellationToken.None));

        Assert.Equal("CAK0306", e.Code);
        Assert.Contains("api.convex.dev", e.Message);
        Assert.DoesNotMatch(@"[\u0000-\u001f\u202a-\u202e]", e.Message);
        Assert.Equal(1, handler.Calls);
    }

    [Fact]
    public async Task Answer_from_another_origin_than_asked_is_CAK0306_even_when_a_given_handler_followed_a_redirect()
    {
        using var handler = new FollowingHandler();
        using var transport = new HttpTransport(new HttpPolicy { MaxAttempts = 1 }, handler);

        var e = await Assert.ThrowsAsync<ConvexAuthKit.Diagnostics.ConvexAuthKitException>(() =>
            transport.SendAsync(HttpMethod.Get, new Uri("https://api.convex.dev/api/x"), null, null, true, "Convex", CancellationToken.None));

        Assert.Equal("CAK0306", e.Code);
        Assert.Contains("evil.example", e.Message);
    }

    /// <summary>Stands for a handler that followed a redirect: the answer's request is to another origin.</summary>
    private sealed class FollowingHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK)
            {
                RequestMessage = new HttpRequestMessage(request.Method, "https://evil.example/api/x"),
                Content = new StringContent("{}"),
            });
    }

    private sealed class RedirectingHandler(string location) : HttpMessageHandler
    {
        public int Calls;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Calls);
            var response = new HttpResponseMessage(System.Net.HttpStatusCode.TemporaryRedirect) { RequestMessage = request, Content = new StringContent("") };
            if (location.Length > 0)
                response.Headers.TryAddWithoutValidation("Location", location);
            return Task.FromResult(response);
        }
    }

    [Theory]
    [InlineData("sk_test_abc\r\nX-Evil: 1")]
    [InlineData("sk_test_abc\0def")]
    [InlineData("sk_test_abc def")]
    [InlineData("sk_test_ab\u00e9")]
    [InlineData("sk_test_\u001b[2J")]
    public async Task Key_that_cannot_be_one_header_token_is_CAK0309_and_never_sent(string key)
    {
        using var listener = new RecordingListener();
        using var transport = new HttpTransport(new HttpPolicy { MaxAttempts = 1, RequestTimeout = TimeSpan.FromSeconds(5) });
        var workos = new WorkOSClient(transport, new Uri(listener.Origin), new Secret(key));

        var e = await Assert.ThrowsAsync<ConvexAuthKit.Diagnostics.ConvexAuthKitException>(() =>
            workos.AddRedirectUriAsync("http://localhost:5173/callback", CancellationToken.None));

        Assert.Equal("CAK0309", e.Code);
        Assert.DoesNotContain(key, e.Message);
        Assert.Equal(0, listener.Connections);
    }

    [Fact]
    public async Task Transport_refuses_a_header_credential_with_a_space_even_when_given_one_directly()
    {
        using var listener = new RecordingListener();
        using var transport = new HttpTransport(new HttpPolicy { MaxAttempts = 1, RequestTimeout = TimeSpan.FromSeconds(5) });

        var e = await Assert.ThrowsAsync<ConvexAuthKit.Diagnostics.ConvexAuthKitException>(() =>
            transport.SendAsync(HttpMethod.Get, new Uri(listener.Origin + "/x"), null,
                new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "two words"), true, "WorkOS", CancellationToken.None));

        Assert.Equal("CAK0309", e.Code);
        Assert.Equal(0, listener.Connections);
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
