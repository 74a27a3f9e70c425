using System.Net;
using System.Text;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace ConvexAuthKit.Emulator;

/// <summary>
/// Convex's management API ("Big Brain"), every seeded deployment and the WorkOS API, each on its own
/// 127.0.0.1 port, served by one in-process Kestrel server.
/// </summary>
public sealed partial class ConvexEmulator : IAsyncDisposable
{
    internal const string BigBrain = "bigbrain";
    internal const string WorkOS = "workos";
    internal static string DeploymentService(string name) => "deployment:" + name;

    private readonly WebApplication _app;
    private readonly RequestLog _log = new();
    // Cancelled first on dispose, so hung requests end and shutdown never waits on them.
    private readonly CancellationTokenSource _stopping = new();
    private readonly Dictionary<int, (string Name, IServiceEndpoints Endpoints)> _servicesByPort = [];
    private readonly Dictionary<string, string> _deploymentUrls = new(StringComparer.Ordinal);
    private readonly AdminEndpoints _admin;
    private int _disposed;

    private ConvexEmulator(EmulatorState state, WebApplication app, TimeSpan latency)
    {
        State = state;
        Latency = latency;
        _app = app;
        _admin = new AdminEndpoints(this);
    }

    public string ProvisionHost { get; private set; } = "";
    public string WorkOSApiUrl { get; private set; } = "";
    public string AccessToken => State.AccessTokens[0];
    public EmulatorState State { get; }
    public FaultInjector Faults { get; } = new();
    /// <summary>Added to every API request before it is handled (<see cref="EmulatorOptions.Latency"/>).</summary>
    public TimeSpan Latency { get; }
    /// <summary>Holds matching requests until enough are in flight together (tests of concurrent clients); null for none.</summary>
    public RequestBarrier? Barrier { get; set; }
    public IReadOnlyList<RecordedRequest> Requests => _log.Snapshot();

    public string DeploymentUrl(string deploymentName) =>
        _deploymentUrls.TryGetValue(deploymentName, out var url) ? url : throw new KeyNotFoundException($"No deployment '{deploymentName}'.");

    public void ClearRequests() => _log.Clear();

    /// <summary>Every secret seeded or handed out: access tokens, deploy keys, admin keys, WorkOS API keys.</summary>
    public IReadOnlyList<string> IssuedSecrets() => State.IssuedSecrets();

    public static async Task<ConvexEmulator> StartAsync(EmulatorOptions? options = null, CancellationToken ct = default)
    {
        options ??= new EmulatorOptions();
        var state = new EmulatorState(options);
        var serviceNames = new List<string> { BigBrain, WorkOS };
        serviceNames.AddRange(state.ListenerNames.Select(DeploymentService));

        // The empty builder reads no appsettings or ASPNETCORE_* variables, so the host machine cannot reconfigure us.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, NoSignalsLifetime>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        var listeners = new List<(string Service, ListenOptions Listen)>();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            foreach (var service in serviceNames)
                kestrel.Listen(IPAddress.Loopback, 0, listen => listeners.Add((service, listen)));
        });

        var app = builder.Build();
        var emulator = new ConvexEmulator(state, app, options.Latency);
        app.Run(emulator.HandleAsync);
        await app.StartAsync(ct).ConfigureAwait(false);

        // Kestrel writes the bound endpoint back into each ListenOptions, so port 0 resolves per listener.
        foreach (var (service, listen) in listeners)
        {
            var port = listen.IPEndPoint!.Port;
            var origin = $"http://127.0.0.1:{port}";
            IServiceEndpoints endpoints;
            if (service == BigBrain)
            {
                emulator.ProvisionHost = origin;
                endpoints = new BigBrainEndpoints(state);
            }
            else if (service == WorkOS)
            {
                emulator.WorkOSApiUrl = origin;
                endpoints = new WorkOSEndpoints(state);
            }
            else
            {
                var name = service["deployment:".Length..];
                emulator._deploymentUrls[name] = origin;
                lock (state.Sync)
                {
                    if (state.FindDeployment(name) is { } deployment) deployment.Url = origin;
                    else state.SpareUrls[name] = origin;
                }
                endpoints = new DeploymentEndpoints(state, name);
            }
            lock (emulator._servicesByPort) emulator._servicesByPort[port] = (service, endpoints);
        }
        return emulator;
    }

    private async Task HandleAsync(HttpContext context)
    {
        (string Name, IServiceEndpoints Endpoints) service;
        lock (_servicesByPort)
        {
            if (!_servicesByPort.TryGetValue(context.Connection.LocalPort, out service))
            {
                context.Response.StatusCode = 503; // still starting
                return;
            }
        }
        var request = context.Request;
        if (service.Name == BigBrain && request.Path.StartsWithSegments("/_emulator"))
        {
            await _admin.HandleAsync(context).ConfigureAwait(false);
            return;
        }

        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        var secrets = State.IssuedSecrets();
        var path = request.Path.Value ?? "/";
        var entry = _log.Begin(new RecordedRequest
        {
            Service = service.Name,
            Method = request.Method,
            Path = SecretMasker.MaskText(path + request.QueryString.Value, secrets),
            Body = SecretMasker.MaskText(body, secrets),
            Headers = RecordableHeaders(request, secrets),
            Timestamp = DateTimeOffset.UtcNow,
        });

        var fault = Faults.Take(service.Name, request.Method, path);
        var status = 0;
        try
        {
            using var aborted = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
            if (Barrier is { } barrier && !await barrier.PassAsync(service.Name, request.Method, path, aborted.Token).ConfigureAwait(false))
            {
                context.Abort();
                return;
            }
            // The round trip a real network adds, before anything is answered (faults included).
            if (Latency > TimeSpan.Zero && !await WaitQuietly(Latency, aborted.Token).ConfigureAwait(false))
            {
                context.Abort();
                return;
            }
            switch (fault?.Kind)
            {
                case FaultKind.Hang:
                    await WaitQuietly(Timeout.InfiniteTimeSpan, aborted.Token).ConfigureAwait(false);
                    context.Abort();
                    return;
                case FaultKind.Drop:
                    await DropAsync(context, fault).ConfigureAwait(false);
                    return;
                case FaultKind.Flood:
                    await FloodAsync(context, fault, aborted.Token).ConfigureAwait(false);
                    return;
                case FaultKind.Status:
                    foreach (var (name, value) in fault.Headers) context.Response.Headers[name] = value;
                    _log.Answering(entry);
                    await WriteAsync(context, fault.Status ?? 500, fault.Body ?? InjectedFaultBody(fault.Status ?? 500)).ConfigureAwait(false);
                    status = context.Response.StatusCode;
                    return;
                case FaultKind.Delay:
                    if (!await WaitQuietly(fault.Delay, aborted.Token).ConfigureAwait(false))
                    {
                        context.Abort();
                        return;
                    }
                    break;
            }

            if (service.Endpoints is DeploymentEndpoints && IsSyncPath(path))
            {
                status = await ServeSyncAsync(context, entry, service.Name["deployment:".Length..], aborted.Token).ConfigureAwait(false);
                return;
            }

            ApiResponse response;
            try
            {
                lock (State.Sync) response = service.Endpoints.Handle(new ApiRequest(request.Method, path, request.Headers.Authorization.FirstOrDefault(), body));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                response = ApiResponse.Error(500, "InternalServerError", "Emulator error: " + e.Message);
            }
            if (response.Headers is not null)
                foreach (var (name, value) in response.Headers) context.Response.Headers[name] = value;
            _log.Answering(entry);
            await WriteAsync(context, response.Status, response.Body is null ? null : Json.Write(response.Body)).ConfigureAwait(false);
            status = response.Status;
        }
        finally
        {
            _log.Complete(entry, status, fault?.Kind);
        }
    }

    private static string InjectedFaultBody(int status) =>
        $$"""{"code":"InjectedFault","message":"Injected fault: HTTP {{status}}"}""";

    private static async Task WriteAsync(HttpContext context, int status, string? json)
    {
        context.Response.StatusCode = status;
        if (json is null) return;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(json, context.RequestAborted).ConfigureAwait(false);
    }

    // Promise more than we send, so the client notices the truncation whatever it reads.
    private static async Task DropAsync(HttpContext context, FaultRule fault)
    {
        var text = fault.Body ?? """{"environmentVariables":{"WORKOS_CLIENT_ID":"client_01""";
        var partial = Encoding.UTF8.GetBytes(text[..Math.Max(1, text.Length / 2)]);
        context.Response.StatusCode = fault.Status ?? 200;
        foreach (var (name, value) in fault.Headers) context.Response.Headers[name] = value;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.ContentLength = Encoding.UTF8.GetByteCount(text) + 4096;
        try
        {
            await context.Response.Body.WriteAsync(partial, context.RequestAborted).ConfigureAwait(false);
            await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The client went away first; nothing left to drop.
        }
        context.Abort();
    }

    /// <summary>
    /// Streams a body that never ends (or ends after <see cref="FaultRule.BodyBytes"/>), so a client that buffers
    /// whole answers runs out of memory and one that caps them stops early. A declared length that promises more
    /// than is sent ends in an aborted connection, as a lying server's would.
    /// </summary>
    private static async Task FloodAsync(HttpContext context, FaultRule fault, CancellationToken token)
    {
        context.Response.StatusCode = fault.Status ?? 200;
        foreach (var (name, value) in fault.Headers) context.Response.Headers[name] = value;
        context.Response.ContentType = "application/json; charset=utf-8";
        if (fault.DeclaredLength is { } declared) context.Response.ContentLength = declared;
        var limit = fault.BodyBytes ?? long.MaxValue;
        if (fault.DeclaredLength is { } promised) limit = Math.Min(limit, promised);
        var opening = Encoding.UTF8.GetBytes("{\"environmentVariables\":{\"FLOOD\":\"");
        var filler = new byte[64 * 1024];
        Array.Fill(filler, (byte)'A');
        long sent = 0;
        try
        {
            var first = (int)Math.Min(opening.Length, limit);
            await context.Response.Body.WriteAsync(opening.AsMemory(0, first), token).ConfigureAwait(false);
            sent += first;
            while (sent < limit && !token.IsCancellationRequested)
            {
                var count = (int)Math.Min(filler.Length, limit - sent);
                await context.Response.Body.WriteAsync(filler.AsMemory(0, count), token).ConfigureAwait(false);
                sent += count;
            }
            await context.Response.Body.FlushAsync(token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException || e is IOException || e is InvalidOperationException)
        {
            // The client went away (as a capping client does), or the emulator is stopping.
        }
        if (token.IsCancellationRequested || (fault.DeclaredLength is { } length && sent < length))
            context.Abort();
    }

    /// <summary>Waits; false when cancelled (client gone or emulator stopping).</summary>
    private static async Task<bool> WaitQuietly(TimeSpan delay, CancellationToken token)
    {
        try
        {
            await Task.Delay(delay, token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static Dictionary<string, string> RecordableHeaders(HttpRequest request, IReadOnlyList<string> secrets)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in request.Headers)
        {
            if (name.Equals("Authorization", StringComparison.OrdinalIgnoreCase) || name.Equals("Cookie", StringComparison.OrdinalIgnoreCase)
                || name.Equals("Proxy-Authorization", StringComparison.OrdinalIgnoreCase))
                continue;
            headers[name.ToLowerInvariant()] = SecretMasker.MaskText(values.ToString(), secrets);
        }
        return headers;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        _stopping.Cancel();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2)))
        {
            try
            {
                await _app.StopAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Connections still open after the timeout are aborted by Kestrel.
            }
        }
        await _app.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    /// <summary>Leaves Ctrl+C and SIGTERM to the host process (tests, Program.cs) instead of the generic host.</summary>
    private sealed class NoSignalsLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
