using BenchmarkDotNet.Attributes;
using ConvexAuthKit.Scanning;

namespace ConvexAuthKit.Benchmarks;

/// <summary>Scanning an auth.config.ts for a WORKOS_CLIENT_ID read: what a full (not cached) build pays per config.</summary>
[MemoryDiagnoser]
public class ScanningBenchmarks
{
    private string _source = "";

    [Params("canonical (506 B)", "generated (100 KB)")]
    public string Config { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _source = Config.StartsWith("canonical", StringComparison.Ordinal) ? Inputs.CanonicalAuthConfig : Inputs.LargeAuthConfig();
        var result = AuthConfigScanner.ScanSource(_source, "/bench/convex/auth.config.ts");
        if (!result.ReadsWorkOSClientId)
            throw new InvalidOperationException("The benchmark input must read WORKOS_CLIENT_ID: " + result.Reason);
    }

    [Benchmark]
    public AuthConfigScanResult ScanSource() => AuthConfigScanner.ScanSource(_source, "/bench/convex/auth.config.ts");
}
