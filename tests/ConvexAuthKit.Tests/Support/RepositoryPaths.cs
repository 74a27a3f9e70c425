namespace ConvexAuthKit.Tests.Support;

/// <summary>
/// The repository root (the folder holding ConvexAuthKit.sln, found from the test binaries) and the team's shared
/// folder beside it (<c>&lt;parent&gt;/main</c> and <c>&lt;parent&gt;/shared</c>), or CONVEXAUTHKIT_SHARED_DIR when set.
/// </summary>
internal static class RepositoryPaths
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    public static string Root => RootPath.Value;

    public static string Shared =>
        Environment.GetEnvironmentVariable("CONVEXAUTHKIT_SHARED_DIR") is { Length: > 0 } overridden
            ? overridden
            : Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ConvexAuthKit.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException(
            "ConvexAuthKit.sln not found above " + AppContext.BaseDirectory + "; set CONVEXAUTHKIT_SHARED_DIR to the shared folder.");
    }
}
