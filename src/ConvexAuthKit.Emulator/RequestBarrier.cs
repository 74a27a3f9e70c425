namespace ConvexAuthKit.Emulator;

/// <summary>
/// Holds each matching request until <see cref="Count"/> matching requests have arrived, or <see cref="MaxWait"/>
/// has passed for it. A client that sends them together gets them all released at once, so the request log shows
/// them overlapping whatever the machine's load; a client that sends them one after another waits the full
/// <see cref="MaxWait"/> on each and the log shows no overlap. Tests assert on the log's order, never on time.
/// </summary>
public sealed class RequestBarrier
{
    private readonly Func<string, string, string, bool> _matches;
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _arrived;

    /// <param name="matches">(service, method, path) → whether the request is held.</param>
    public RequestBarrier(int count, Func<string, string, string, bool> matches, TimeSpan maxWait)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        Count = count;
        _matches = matches;
        MaxWait = maxWait;
    }

    public int Count { get; }
    public TimeSpan MaxWait { get; }

    /// <summary>Whether <see cref="Count"/> matching requests arrived (all released together).</summary>
    public bool Reached => _reached.Task.IsCompleted;

    /// <summary>How many matching requests arrived so far.</summary>
    public int Arrived => Volatile.Read(ref _arrived);

    /// <summary>Waits for the others; false when the client went away or the emulator is stopping.</summary>
    internal async Task<bool> PassAsync(string service, string method, string path, CancellationToken token)
    {
        if (!_matches(service, method, path))
            return true;
        if (Interlocked.Increment(ref _arrived) >= Count)
            _reached.TrySetResult();
        try
        {
            await Task.WhenAny(_reached.Task, Task.Delay(MaxWait, token)).ConfigureAwait(false);
            return !token.IsCancellationRequested;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
