using System.Text.Json;
using ConvexAuthKit.ConvexProject;
using ConvexAuthKit.Tests.Scanning;

namespace ConvexAuthKit.Tests.ConvexProject;

/// <summary>Every real convex.json of the shared corpus loads, and its authKit section reads as its label says.</summary>
public sealed class ConvexJsonCorpusTests
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        using var index = JsonDocument.Parse(File.ReadAllText(Path.Combine(SharedCorpus.Directory, "index.json")));
        foreach (var record in index.RootElement.EnumerateArray().Where(r => r.GetProperty("kind").GetString() == "convex-json"))
            data.Add(record.GetProperty("file").GetString()!);
        return data;
    }

    private static JsonElement Record(string file)
    {
        using var index = JsonDocument.Parse(File.ReadAllText(Path.Combine(SharedCorpus.Directory, "index.json")));
        return index.RootElement.EnumerateArray().Single(r => r.GetProperty("file").GetString() == file).Clone();
    }

    private static ConvexJson Load(string file, out string dir)
    {
        dir = Directory.CreateTempSubdirectory("cak-convexjson-").FullName;
        File.Copy(Path.Combine(SharedCorpus.Directory, file), Path.Combine(dir, "convex.json"));
        return ConvexJson.Load(dir);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Corpus_convex_json_loads_and_has_authKit_as_labeled(string file)
    {
        var convexJson = Load(file, out var dir);
        try
        {
            var record = Record(file);
            Assert.Equal(record.GetProperty("has_authkit").GetBoolean(), convexJson.HasAuthKit);
            if (!convexJson.HasAuthKit)
                return;

            var sections = new[] { ("dev", convexJson.AuthKit!.Dev), ("preview", convexJson.AuthKit.Preview), ("prod", convexJson.AuthKit.Prod) }
                .Where(s => s.Item2 != null).Select(s => s.Item1);
            Assert.Equal(record.GetProperty("authkit_envs").EnumerateArray().Select(e => e.GetString()).OrderBy(s => s), sections.OrderBy(s => s));
            var labeled = record.GetProperty("dev_local_env_vars").EnumerateArray().Select(e => e.GetString()!).OrderBy(s => s, StringComparer.Ordinal);
            Assert.Equal(labeled, convexJson.AuthKit.Dev!.LocalEnvVars!.Select(v => v.Name).OrderBy(s => s, StringComparer.Ordinal));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Corpus_authKit_values_point_at_their_own_line(string file)
    {
        var convexJson = Load(file, out var dir);
        try
        {
            var lines = File.ReadAllLines(Path.Combine(dir, "convex.json"));
            foreach (var variable in convexJson.AuthKit?.Dev?.LocalEnvVars ?? [])
                Assert.Contains($"\"{variable.Name}\"", lines[variable.Line - 1]);
            foreach (var value in convexJson.AuthKit?.Dev?.Configure?.All() ?? [])
                Assert.Contains(value.Template.Text, lines[value.Line - 1]);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Functions_path_of_the_component_repo_is_read()
    {
        var convexJson = Load("convex-json/009.json", out var dir);
        Directory.Delete(dir, recursive: true);

        Assert.Equal("example/convex", convexJson.Functions);
    }
}
