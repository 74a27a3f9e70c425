using BenchmarkDotNet.Attributes;
using ConvexAuthKit.EnvFiles;

namespace ConvexAuthKit.Benchmarks;

/// <summary>
/// DotEnvParser.Parse split into its stages (internal types, visible to this assembly): splitting into lines,
/// the line scanner (dotenv's own pattern), and the value decoding.
/// </summary>
[MemoryDiagnoser]
public class EnvParseBreakdownBenchmarks
{
    private string _text = "";
    private List<EnvTextLine> _lines = null!;
    private string[] _rawValues = [];

    [Params(10, 1000)]
    public int Lines { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _text = Inputs.EnvLocal(Lines);
        _lines = EnvTextLine.Split(_text);
        _rawValues = DotEnvScanner.Scan(_lines, null).Select(r => r.RawValue).ToArray();
    }

    [Benchmark]
    public int SplitLines() => EnvTextLine.Split(_text).Count;

    [Benchmark]
    public int ScanLines() => DotEnvScanner.Scan(_lines, null).Count;

    [Benchmark]
    public int DecodeValues() => DotEnvValueDecoder.Decode(_rawValues).Count;
}
