using System.Net;
using System.Net.Sockets;

namespace ConvexAuthKit.Tests.Reliability;

/// <summary>
/// A second loopback origin standing for "somewhere else" a hostile server points at: it accepts connections,
/// records every byte sent to it and closes. A client that never follows a redirect never connects to it.
/// </summary>
internal sealed class RecordingListener : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<byte> _received = [];
    private int _connections;

    public RecordingListener()
    {
        _listener.Start();
        _ = AcceptLoopAsync();
    }

    public string Origin => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";
    public int Connections => Volatile.Read(ref _connections);
    public string Received { get { lock (_received) return System.Text.Encoding.UTF8.GetString(_received.ToArray()); } }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            Interlocked.Increment(ref _connections);
            _ = RecordAsync(client);
        }
    }

    private async Task RecordAsync(TcpClient client)
    {
        using (client)
        {
            var buffer = new byte[8192];
            try
            {
                var stream = client.GetStream();
                using var quiet = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                quiet.CancelAfter(TimeSpan.FromSeconds(2));
                int read;
                while ((read = await stream.ReadAsync(buffer, quiet.Token)) > 0)
                    lock (_received) _received.AddRange(buffer.AsSpan(0, read).ToArray());
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
            {
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }
}
