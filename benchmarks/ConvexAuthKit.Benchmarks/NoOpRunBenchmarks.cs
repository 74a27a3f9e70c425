using BenchmarkDotNet.Attributes;
using ConvexAuthKit.Options;
using ConvexAuthKit.Provisioning;

namespace ConvexAuthKit.Benchmarks;

/// <summary>
/// One whole ProvisioningRun.ExecuteAsync with a warm cache, after one real run against the in-process emulator:
/// what the ConvexAuthKitProvision target executes on every unchanged build (minus MSBuild's own task overhead).
/// Any request sent by the measured runs fails the benchmark in GlobalCleanup.
/// </summary>
[MemoryDiagnoser]
public class NoOpRunBenchmarks
{
    private ProvisionedWorld _world = null!;
    private ProvisioningOptions _options = null!;

    [GlobalSetup]
    public void Setup()
    {
        _world = ProvisionedWorld.CreateAsync().GetAwaiter().GetResult();
        _options = _world.Options();
        Console.WriteLine($"// first (real) run sent {_world.FirstRunRequests} requests");
        if (ExecuteNoOp() != RunStatus.SkippedFromCache)
            throw new InvalidOperationException("A run right after the first one was not skipped from the cache.");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        var sent = _world.Emulator.Requests.Count;
        _world.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Console.WriteLine($"// requests sent by all no-op runs: {sent}");
        if (sent != 0)
            throw new InvalidOperationException($"No-op runs sent {sent} requests; expected none.");
    }

    /// <summary>Options built fresh, as the task does on every build.</summary>
    [Benchmark]
    public RunStatus ExecuteNoOp() =>
        ProvisioningRun.ExecuteAsync(_world.Options(), _world.CacheFile, force: false, NullReporter.Instance, CancellationToken.None)
            .GetAwaiter().GetResult();
}
