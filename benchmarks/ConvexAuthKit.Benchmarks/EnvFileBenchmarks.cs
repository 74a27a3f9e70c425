using BenchmarkDotNet.Attributes;
using ConvexAuthKit.EnvFiles;

namespace ConvexAuthKit.Benchmarks;

/// <summary>Reading .env.local as Node's dotenv does, and editing it byte-exactly as the Convex CLI does.</summary>
[MemoryDiagnoser]
public class EnvFileBenchmarks
{
    private string _text = "";

    [Params(10, 1000)]
    public int Lines { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _text = Inputs.EnvLocal(Lines);
        var lineCount = _text.Count(c => c == '\n');
        if (lineCount != Lines)
            throw new InvalidOperationException($"Generated {lineCount} lines, wanted {Lines}.");
        if (DotEnvParser.Parse(_text)["CONVEX_DEPLOYMENT"] != "dev:happy-animal-123")
            throw new InvalidOperationException("The generated .env.local does not parse as expected.");
    }

    [Benchmark]
    public IReadOnlyDictionary<string, string> Parse() => DotEnvParser.Parse(_text);

    /// <summary>What a first provisioning does: three WORKOS variables not yet in the file are appended.</summary>
    [Benchmark]
    public string LoadAndAppend3()
    {
        var doc = EnvFileDocument.FromText(_text);
        doc.Set("VITE_WORKOS_CLIENT_ID", "client_01K0000000000000000000000", "# See https://docs.convex.dev/auth/authkit");
        doc.Set("VITE_WORKOS_REDIRECT_URI", "http://localhost:5173/callback");
        doc.Set("VITE_WORKOS_API_HOSTNAME", "api.workos.com");
        return doc.Text;
    }

    /// <summary>Replacing the value of an existing assignment (the deployment line at the top).</summary>
    [Benchmark]
    public string LoadAndReplace()
    {
        var doc = EnvFileDocument.FromText(_text);
        doc.Set("CONVEX_DEPLOYMENT", "dev:other-animal-456");
        return doc.Text;
    }

    /// <summary>The no-op edit: the value is already there, nothing changes.</summary>
    [Benchmark]
    public EnvEdit LoadAndSetUnchanged() => EnvFileDocument.FromText(_text).Set("VITE_CONVEX_URL", "https://happy-animal-123.convex.cloud");
}
