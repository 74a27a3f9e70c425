namespace ConvexAuthKit.Tests.EnvFiles;

/// <summary>
/// The team's shared folder (reference docs and corpus): <c>../shared</c> next to the folder holding
/// ConvexAuthKit.sln, or CONVEXAUTHKIT_SHARED_DIR when set.
/// </summary>
internal static class SharedDirectory
{
    public static string Root { get; } = Locate();

    private static string Locate()
    {
        var overridden = Environment.GetEnvironmentVariable("CONVEXAUTHKIT_SHARED_DIR");
        if (!string.IsNullOrEmpty(overridden))
            return overridden;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ConvexAuthKit.sln")))
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared"));
        }
        throw new InvalidOperationException("ConvexAuthKit.sln was not found above the test folder; set CONVEXAUTHKIT_SHARED_DIR to the shared folder.");
    }
}
