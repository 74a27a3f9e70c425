using System.Text.Json;

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

    private static string FindCorpusDirectory()
    {
        var overridden = Environment.GetEnvironmentVariable("CONVEXAUTHKIT_SHARED_DIR");
        if (!string.IsNullOrEmpty(overridden))
            return Path.Combine(overridden, "corpus");

        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder != null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "ConvexAuthKit.sln")))
                return Path.GetFullPath(Path.Combine(folder.FullName, "..", "shared", "corpus"));
        }
        throw new InvalidOperationException(
            "ConvexAuthKit.sln not found above " + AppContext.BaseDirectory + "; set CONVEXAUTHKIT_SHARED_DIR to the shared folder.");
    }

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
