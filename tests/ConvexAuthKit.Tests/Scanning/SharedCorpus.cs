using System.Text.Json;
using ConvexAuthKit.Tests.Support;

namespace ConvexAuthKit.Tests.Scanning;

/// <summary>
/// The labeled corpus in the shared folder that sits next to the repository (&lt;parent&gt;/main and
/// &lt;parent&gt;/shared), or wherever CONVEXAUTHKIT_SHARED_DIR points.
/// </summary>
internal static class SharedCorpus
{
    private static readonly Lazy<string> CorpusDirectory = new(FindCorpusDirectory);
    private static readonly Lazy<IReadOnlyList<AuthConfigRecord>> Records = new(LoadAuthConfigRecords);

    public static string Directory => CorpusDirectory.Value;

    public static IReadOnlyList<AuthConfigRecord> AuthConfigRecords => Records.Value;

    private static string FindCorpusDirectory() => Path.Combine(RepositoryPaths.Shared, "corpus");

    private static IReadOnlyList<AuthConfigRecord> LoadAuthConfigRecords()
    {
        var indexPath = Path.Combine(Directory, "index.json");
        using var index = JsonDocument.Parse(File.ReadAllText(indexPath));
        return index.RootElement.EnumerateArray()
            .Where(record => record.GetProperty("kind").GetString() == "auth-config")
            .Select(record => new AuthConfigRecord(
                record.GetProperty("file").GetString()!,
                record.GetProperty("reads_workos_client_id").GetBoolean(),
                record.GetProperty("env_vars_read").EnumerateArray().Select(name => name.GetString()!).ToList(),
                record.TryGetProperty("notes", out var notes) ? notes.GetString() ?? "" : ""))
            .ToList();
    }
}

internal sealed record AuthConfigRecord(string File, bool ReadsWorkOSClientId, IReadOnlyList<string> EnvVarsRead, string Notes)
{
    public string FullPath => Path.Combine(SharedCorpus.Directory, File);
}
