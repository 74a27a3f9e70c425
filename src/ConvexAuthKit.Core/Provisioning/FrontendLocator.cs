using System.IO;
using ConvexAuthKit.Diagnostics;

namespace ConvexAuthKit.Provisioning
{
    /// <summary>Finds the folder that holds the frontend's package.json (the Convex project root).</summary>
    public static class FrontendLocator
    {
        public const string DefaultSubfolder = "ClientApp";

        /// <summary>The explicit folder if one is set; else the project folder if it has a package.json; else ClientApp/.</summary>
        public static string Locate(string projectDir, string? explicitDir)
        {
            if (!string.IsNullOrWhiteSpace(explicitDir))
            {
                var full = Path.GetFullPath(Path.Combine(projectDir, explicitDir!.Trim()));
                if (!Directory.Exists(full))
                {
                    throw new ConvexAuthKitException(DiagnosticCodes.FrontendDirMissing,
                        $"ConvexAuthKitFrontendDir points at '{full}', which does not exist; set it to the folder that holds your frontend's package.json.");
                }
                return full;
            }
            if (File.Exists(Path.Combine(projectDir, "package.json")))
                return Path.GetFullPath(projectDir);
            return Path.GetFullPath(Path.Combine(projectDir, DefaultSubfolder));
        }
    }
}
