namespace ConvexAuthKit.PackageTests.Infrastructure;

/// <summary>Where the repository and the shared reference material are, found from the test binaries.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string TasksProject => Path.Combine(Root, "src", "ConvexAuthKit.Tasks", "ConvexAuthKit.Tasks.csproj");

    public static string Shared =>
        Environment.GetEnvironmentVariable("CONVEXAUTHKIT_SHARED_DIR") is { Length: > 0 } overridden
            ? overridden
            : Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "ConvexAuthKit.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("ConvexAuthKit.sln not found above " + AppContext.BaseDirectory);
    }
}
