using BenchmarkDotNet.Attributes;
using ConvexAuthKit.Caching;
using ConvexAuthKit.Inspection;
using ConvexAuthKit.Options;

namespace ConvexAuthKit.Benchmarks;

/// <summary>
/// The incremental check a no-op build does, on the inputs a real provisioning recorded: re-hash every recorded
/// file from disk and environment variable, compare with the settings of this build.
/// </summary>
[MemoryDiagnoser]
public class CacheBenchmarks
{
    private ProvisionedWorld _world = null!;
    private ProvisioningOptions _options = null!;
    private CacheRecord _record = null!;
    private string[] _files = [];
    private string[] _environmentNames = [];

    [GlobalSetup]
    public void Setup()
    {
        _world = ProvisionedWorld.CreateAsync().GetAwaiter().GetResult();
        _options = _world.Options();
        _record = _world.ReadCache();
        _files = _record.Files.Select(f => f.Path).ToArray();
        _environmentNames = _record.EnvironmentVariables.Select(e => e.Name).ToArray();
        if (!ResultCache.IsCurrent(_record, RunSettings.ByName(_options), _options.Environment))
            throw new InvalidOperationException("The cache of the first run is not current.");
        Console.WriteLine($"// cache inputs: {_record.Inputs.Count} ({_files.Length} files, {_environmentNames.Length} environment variables)");
    }

    [GlobalCleanup]
    public void Cleanup() => _world.DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>The settings part of the fingerprint (hashes of the task's parameters).</summary>
    [Benchmark]
    public IReadOnlyDictionary<string, SettingInput> SettingsFingerprint() => RunSettings.ByName(_options);

    /// <summary>Recording the same inputs as a run does (hashing every file, variable and setting).</summary>
    [Benchmark]
    public int TrackInputs()
    {
        var tracker = new InputTracker();
        foreach (var setting in RunSettings.For(_options))
            tracker.Record(setting);
        foreach (var file in _files)
            tracker.File(file);
        foreach (var name in _environmentNames)
            tracker.Environment(name, _options.Environment(name));
        return tracker.Entries.Count;
    }

    /// <summary>ResultCache.IsCurrent on an already parsed record (re-hashes the files).</summary>
    [Benchmark]
    public bool IsCurrent() => ResultCache.IsCurrent(_record, RunSettings.ByName(_options), _options.Environment);

    /// <summary>Reading obj/ConvexAuthKit.cache.json and checking it: the whole cache check of a no-op build.</summary>
    [Benchmark]
    public bool ReadAndIsCurrent()
    {
        var record = ResultCache.Read(_world.CacheFile)!;
        return ResultCache.IsCurrent(record, RunSettings.ByName(_options), _options.Environment);
    }
}
