using ConvexAuthKit.Tests.Support;

namespace ConvexAuthKit.Tests.EnvFiles;

/// <summary>
/// The team's shared folder (reference docs and corpus): <c>../shared</c> next to the folder holding
/// ConvexAuthKit.sln, or CONVEXAUTHKIT_SHARED_DIR when set.
/// </summary>
internal static class SharedDirectory
{
    public static string Root => RepositoryPaths.Shared;
}
