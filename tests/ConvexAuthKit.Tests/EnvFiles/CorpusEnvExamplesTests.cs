using System.Text.Json;
using ConvexAuthKit.EnvFiles;

namespace ConvexAuthKit.Tests.EnvFiles;

/// <summary>Real-world env files from ../shared/corpus, checked against their labels in index.json.</summary>
public class CorpusEnvExamplesTests
{
    public static TheoryData<string> EnvExamples()
    {
        var files = new TheoryData<string>();
        foreach (var record in IndexRecords())
            files.Add(record.GetProperty("file").GetString()!);
        return files;
    }

    [Theory]
    [MemberData(nameof(EnvExamples))]
    public void Assigned_names_match_the_label(string file)
    {
        var record = Record(file);
        var expected = record.GetProperty("assigned_vars").EnumerateArray().Select(name => name.GetString()!).ToList();

        var document = EnvFileDocument.Load(CorpusPath(file));

        Assert.Equal(expected.Order(StringComparer.Ordinal), DotEnvParser.Parse(document.Text).Keys.Order(StringComparer.Ordinal));
        Assert.Equal(record.GetProperty("assigns_workos_client_id").GetBoolean(), document.HasAssignment("WORKOS_CLIENT_ID"));
    }

    [Theory]
    [MemberData(nameof(EnvExamples))]
    public void Setting_existing_values_changes_nothing(string file)
    {
        var document = EnvFileDocument.Load(CorpusPath(file));
        var values = DotEnvParser.Parse(document.Text);

        foreach (var pair in values)
            Assert.Equal(EnvEdit.Unchanged, document.Set(pair.Key, pair.Value));

        Assert.Equal(File.ReadAllText(CorpusPath(file)), document.Text);
        Assert.False(document.IsModified);
    }

    private static string CorpusPath(string file) => Path.Combine(SharedDirectory.Root, "corpus", file);

    private static JsonElement Record(string file) => IndexRecords().Single(record => record.GetProperty("file").GetString() == file);

    private static IEnumerable<JsonElement> IndexRecords()
    {
        using var index = JsonDocument.Parse(File.ReadAllText(Path.Combine(SharedDirectory.Root, "corpus", "index.json")));
        return index.RootElement.EnumerateArray()
            .Where(record => record.GetProperty("kind").GetString() == "env-example")
            .Select(record => record.Clone())
            .ToList();
    }
}
