using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using ConvexAuthKit.Diagnostics;
using ConvexAuthKit.Files;

namespace ConvexAuthKit.Inspection
{
    /// <summary>
    /// Finds the folder that holds the frontend's package.json (the Convex project root). In order:
    /// <list type="number">
    /// <item>ConvexAuthKitFrontendDir, when set (relative to the .NET project folder);</item>
    /// <item>the .NET project folder itself, when it has a package.json;</item>
    /// <item><c>ClientApp/</c>, the SPA templates' folder, when it has a package.json;</item>
    /// <item>a Visual Studio JavaScript project (<c>*.esproj</c>) the .NET project references with a
    /// <c>ProjectReference</c> (what the "React and ASP.NET Core" template does), when its folder has a package.json;</item>
    /// <item>otherwise the one folder next to or inside the .NET project folder that holds both a <c>*.esproj</c> and
    /// a package.json; when several do, the one whose package.json mentions convex; when that still leaves
    /// several, CAK0011 asks for ConvexAuthKitFrontendDir instead of guessing;</item>
    /// <item>failing all that, <c>ClientApp/</c>, so that the missing package.json is reported there (CAK0001).</item>
    /// </list>
    /// </summary>
    public static class FrontendLocator
    {
        public const string DefaultSubfolder = "ClientApp";

        private static readonly string[] DotNetProjectPatterns = { "*.csproj", "*.fsproj", "*.vbproj" };
        private static readonly Regex EsprojReference = new Regex(@"<ProjectReference\s+[^>]*Include\s*=\s*""([^""]+\.esproj)""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        public static string Locate(string projectDir, string? explicitDir)
        {
            if (!string.IsNullOrWhiteSpace(explicitDir))
            {
                string full;
                try
                {
                    full = Path.GetFullPath(Path.Combine(projectDir, explicitDir!.Trim()));
                }
                catch (Exception e) when (e is ArgumentException || e is NotSupportedException || e is PathTooLongException)
                {
                    throw new ConvexAuthKitException(DiagnosticCodes.FrontendDirMissing,
                        $"ConvexAuthKitFrontendDir '{explicitDir}' is not a valid folder path ({e.GetType().Name}); set it to the folder that holds your frontend's package.json.");
                }
                if (!Directory.Exists(full))
                {
                    throw new ConvexAuthKitException(DiagnosticCodes.FrontendDirMissing,
                        $"ConvexAuthKitFrontendDir points at '{full}', which does not exist; set it to the folder that holds your frontend's package.json.");
                }
                return full;
            }
            projectDir = Path.GetFullPath(projectDir);
            if (HasPackageJson(projectDir))
                return projectDir;
            var clientApp = Path.Combine(projectDir, DefaultSubfolder);
            if (HasPackageJson(clientApp))
                return clientApp;
            return ReferencedEsprojFolder(projectDir) ?? EsprojFolderNearby(projectDir) ?? clientApp;
        }

        private static bool HasPackageJson(string dir) => InputFiles.Exists(Path.Combine(dir, "package.json"));

        private static string? ReferencedEsprojFolder(string projectDir)
        {
            foreach (var projectFile in DotNetProjectPatterns.SelectMany(p => SafeFiles(projectDir, p)))
            {
                var text = InputFiles.ReadTextOrNull(projectFile, 1024 * 1024);
                if (text == null)
                    continue;
                foreach (Match match in EsprojReference.Matches(text))
                {
                    var esproj = Path.GetFullPath(Path.Combine(projectDir, match.Groups[1].Value.Replace('\\', Path.DirectorySeparatorChar)));
                    var folder = Path.GetDirectoryName(esproj);
                    if (folder != null && InputFiles.Exists(esproj) && HasPackageJson(folder))
                        return folder;
                }
            }
            return null;
        }

        private static string? EsprojFolderNearby(string projectDir)
        {
            var parent = Path.GetDirectoryName(projectDir.TrimEnd(Path.DirectorySeparatorChar));
            var folders = SafeDirectories(projectDir).Concat(parent == null ? Enumerable.Empty<string>() : SafeDirectories(parent))
                .Where(d => !string.Equals(Path.GetFullPath(d), projectDir, StringComparison.Ordinal))
                .Where(d => SafeFiles(d, "*.esproj").Any() && HasPackageJson(d))
                .Distinct()
                .ToList();
            if (folders.Count <= 1)
                return folders.FirstOrDefault();

            var convex = folders.Where(MentionsConvex).ToList();
            if (convex.Count == 1)
                return convex[0];
            if (convex.Count == 0)
                return null;
            throw new ConvexAuthKitException(DiagnosticCodes.FrontendAmbiguous,
                $"Several JavaScript project folders could be the Convex frontend ({string.Join(", ", convex.Select(Path.GetFileName))}); set ConvexAuthKitFrontendDir to the one that holds convex/.");
        }

        /// <summary>A cheap look, without parsing: the chosen package.json is parsed (and validated) later.</summary>
        private static bool MentionsConvex(string folder)
        {
            var text = InputFiles.ReadTextOrNull(Path.Combine(folder, "package.json"), 1024 * 1024);
            return text != null && text.IndexOf("\"convex\"", StringComparison.Ordinal) >= 0;
        }

        private static IEnumerable<string> SafeFiles(string dir, string pattern)
        {
            try
            {
                return Directory.Exists(dir) ? Directory.GetFiles(dir, pattern) : new string[0];
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return new string[0];
            }
        }

        private static IEnumerable<string> SafeDirectories(string dir)
        {
            try
            {
                return Directory.Exists(dir) ? Directory.GetDirectories(dir).Select(Path.GetFullPath) : new string[0];
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return new string[0];
            }
        }
    }
}
