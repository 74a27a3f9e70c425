using ConvexAuthKit.Scanning;

namespace ConvexAuthKit.Tests.Scanning;

/// <summary>Every auth-config record of the shared corpus is a case: adding a labeled file adds a test.</summary>
public class AuthConfigCorpusTests
{
    public static TheoryData<string> AuthConfigFiles()
    {
        var files = new TheoryData<string>();
        foreach (var record in SharedCorpus.AuthConfigRecords)
            files.Add(record.File);
        return files;
    }

    [Fact]
    public void Corpus_has_auth_config_records()
    {
        Assert.NotEmpty(SharedCorpus.AuthConfigRecords);
    }

    [Theory]
    [MemberData(nameof(AuthConfigFiles))]
    public void Scanner_agrees_with_corpus_labels(string file)
    {
        var record = SharedCorpus.AuthConfigRecords.Single(candidate => candidate.File == file);

        var result = AuthConfigScanner.ScanSource(File.ReadAllText(record.FullPath), record.FullPath);

        Assert.True(record.ReadsWorkOSClientId == result.ReadsWorkOSClientId,
            $"{file}: expected ReadsWorkOSClientId={record.ReadsWorkOSClientId}, got {result.ReadsWorkOSClientId} ({result.Reason}). Notes: {record.Notes}");
        Assert.Equal(record.EnvVarsRead.OrderBy(name => name, StringComparer.Ordinal), result.EnvVarsRead);
        Assert.Equal(result.ReadsWorkOSClientId, result.Line > 0);
        Assert.False(string.IsNullOrWhiteSpace(result.Reason));
    }
}
