using System;
using System.IO;
using ConvexAuthKit.ConvexProject;
using ConvexAuthKit.Diagnostics;
using ConvexAuthKit.Options;

namespace ConvexAuthKit.Inspection
{
    /// <summary>
    /// What every run reads first, dev or publish: the frontend folder, its package.json, and (when it depends on
    /// convex) its convex.json. Read while the run's <see cref="InputReader"/> records.
    /// </summary>
    internal sealed class ProjectFiles
    {
        private ProjectFiles(string frontendDir, PackageJson package, ConvexJson? convexJson)
        {
            FrontendDir = frontendDir;
            Package = package;
            ConvexJson = convexJson;
        }

        public string FrontendDir { get; }
        public PackageJson Package { get; }
        /// <summary>Null when package.json does not depend on convex (then nothing else is read).</summary>
        public ConvexJson? ConvexJson { get; }

        public static ProjectFiles Read(ProvisioningOptions options, IReporter reporter)
        {
            var frontendDir = FrontendLocator.Locate(options.ProjectDir, options.FrontendDir);
            var package = PackageJson.Load(frontendDir);
            reporter.Message(Importance.Low, $"Frontend folder: {frontendDir} ({(options.FrontendDir != null ? "from ConvexAuthKitFrontendDir" : "found by convention")}).");
            return new ProjectFiles(frontendDir, package, package.DependsOnConvex ? ConvexJson.Load(frontendDir) : null);
        }

        /// <summary>A path relative to the .NET project's folder when inside it, for messages.</summary>
        public static string Relative(ProvisioningOptions options, string path)
        {
            var root = Path.GetFullPath(options.ProjectDir).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
            var full = Path.GetFullPath(path);
            return full.StartsWith(root, StringComparison.Ordinal) ? full.Substring(root.Length) : full;
        }
    }
}
