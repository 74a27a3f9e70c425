using ConvexAuthKit.Caching;
using ConvexAuthKit.ConvexProject;
using ConvexAuthKit.Provisioning;
using ConvexAuthKit.Tests.Provisioning;

namespace ConvexAuthKit.Tests.Inspection;

/// <summary>
/// What the cache depends on is what the run read, by construction: every read and probe through the input reader
/// during the inspection is recorded, whichever loader made it; nothing outside the inspection is.
/// </summary>
public sealed class InputRecordingTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "cak-recording-" + Guid.NewGuid().ToString("N"));

    public InputRecordingTests()
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllText(Path.Combine(_dir, "package.json"), "{ \"dependencies\": { \"convex\": \"^1.48.0\" } }");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static InputReader NewReader(Func<string, string?>? environment = null) => new(environment ?? (_ => null), Array.Empty<SettingInput>());

    private static FileInput? Recorded(InputReader reader, string path) =>
        reader.Inputs.OfType<FileInput>().SingleOrDefault(f => f.Path == Path.GetFullPath(path));

    [Fact]
    public void A_loaders_reads_and_probes_are_recorded_only_while_the_reader_records()
    {
        var reader = NewReader();
        PackageJson.Load(_dir);
        Assert.Empty(reader.Inputs);

        using (reader.Recording())
        {
            PackageJson.Load(_dir);
            ConvexJson.Load(_dir);
        }
        PackageJson.Load(Path.Combine(_dir));
        File.WriteAllText(Path.Combine(_dir, "convex.json"), "{}");
        ConvexJson.Load(_dir);

        var package = Recorded(reader, Path.Combine(_dir, "package.json"));
        Assert.Equal(InputHashes.OfFile(Path.Combine(_dir, "package.json")), package!.Hash);
        // Looked for and not found while recording: an input too, since creating it changes the outcome.
        Assert.True(Recorded(reader, Path.Combine(_dir, "convex.json"))!.IsAbsent);
        Assert.Equal(2, reader.Inputs.Count);
    }

    [Fact]
    public void The_recorded_hash_is_of_the_bytes_the_loader_read()
    {
        var reader = NewReader();
        var path = Path.Combine(_dir, "package.json");
        using (reader.Recording())
            PackageJson.Load(_dir);
        File.WriteAllText(path, "{ \"dependencies\": { } }");

        Assert.NotEqual(InputHashes.OfFile(path), Recorded(reader, path)!.Hash);
    }

    [Fact]
    public void Environment_variables_are_recorded_as_they_are_read_and_file_only_names_only_when_looked_up()
    {
        File.WriteAllText(Path.Combine(_dir, ".env.local"), "CONVEX_DEPLOYMENT=dev:a-b-123\nOTHER=1\n");
        var reader = NewReader(name => name == "REAL" ? "value" : null);

        Func<string, string?> env;
        using (reader.Recording())
            env = reader.BuildEnvironment(_dir);
        Assert.Equal("dev:a-b-123", env("CONVEX_DEPLOYMENT"));
        Assert.Equal("value", reader.Environment("REAL"));

        var names = reader.Inputs.OfType<EnvInput>().Select(e => e.Name).ToList();
        Assert.Equal(new[] { "CONVEX_DEPLOYMENT", "REAL" }, names);
        Assert.Equal(InputHashes.Absent, reader.Inputs.OfType<EnvInput>().First().Hash);
        Assert.Equal(InputHashes.OfValue("value"), reader.Inputs.OfType<EnvInput>().Last().Hash);
        Assert.NotNull(Recorded(reader, Path.Combine(_dir, ".env.local")));
        Assert.True(Recorded(reader, Path.Combine(_dir, ".env"))!.IsAbsent);
    }

    [Fact]
    public async Task Two_runs_at_once_each_record_only_their_own_reads()
    {
        var other = Path.Combine(_dir, "other");
        Directory.CreateDirectory(other);
        File.WriteAllText(Path.Combine(other, "package.json"), "{}");
        var first = NewReader();
        var second = NewReader();
        using var bothRecording = new Barrier(2);

        await Task.WhenAll(
            Task.Run(() => { using (first.Recording()) { bothRecording.SignalAndWait(); PackageJson.Load(_dir); bothRecording.SignalAndWait(); } }),
            Task.Run(() => { using (second.Recording()) { bothRecording.SignalAndWait(); PackageJson.Load(other); bothRecording.SignalAndWait(); } }));

        Assert.Equal(Path.Combine(_dir, "package.json"), Assert.Single(first.Inputs.OfType<FileInput>()).Path);
        Assert.Equal(Path.Combine(other, "package.json"), Assert.Single(second.Inputs.OfType<FileInput>()).Path);
    }

    [Fact]
    public async Task A_module_created_where_an_import_would_now_resolve_makes_the_next_build_run()
    {
        await using var w = await FlowWorld.CreateAsync();
        // "./workos" resolves to workos.js today; a workos.ts beside it would win, and it reads no WorkOS variable.
        w.WithViteApp(authConfig: "import { clientId } from \"./workos\";\nexport default { providers: [{ type: \"customJwt\", applicationID: clientId }] };\n");
        w.WriteFile("convex/workos.js", "export const clientId = process.env.WORKOS_CLIENT_ID;\n");
        Assert.Equal(RunStatus.Succeeded, await w.RunAsync());
        Assert.Equal(RunStatus.SkippedFromCache, await w.RunAsync());

        w.WriteFile("convex/workos.ts", "export const clientId = \"my-app\";\n");

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync());
        Assert.Equal("NothingToDo", ResultCache.Read(w.CacheFile)!.Effect);
    }
}
