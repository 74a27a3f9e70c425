using System.IO;

namespace ConvexAuthKit.Scanning
{
    /// <summary>How scan messages name a file: its folder and name ("convex/auth.config.ts"), short enough for one line.</summary>
    internal static class SourceDisplayName
    {
        public static string For(string? filePath)
        {
            if (string.IsNullOrEmpty(filePath))
                return "the auth config";
            var name = Path.GetFileName(filePath);
            var folder = Path.GetFileName(Path.GetDirectoryName(filePath) ?? "");
            return string.IsNullOrEmpty(folder) ? name! : folder + "/" + name;
        }
    }
}
