using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using ConvexAuthKit.Files;
using ConvexAuthKit.Diagnostics;

namespace ConvexAuthKit.ConvexProject
{
    /// <summary>The parts of a frontend's package.json that matter here: which packages it depends on.</summary>
    public sealed class PackageJson
    {
        private PackageJson(string path, HashSet<string> dependencies, bool dependsOnConvex)
        {
            FilePath = path;
            Dependencies = dependencies;
            DependsOnConvex = dependsOnConvex;
        }

        public string FilePath { get; }
        /// <summary>Names from dependencies and devDependencies (what framework detection looks at).</summary>
        public ICollection<string> Dependencies { get; }
        /// <summary>convex in dependencies, devDependencies or peerDependencies: what makes this a Convex project root.</summary>
        public bool DependsOnConvex { get; }

        public static PackageJson Load(string frontendDir)
        {
            var path = Path.Combine(frontendDir, "package.json");
            if (!InputFiles.Exists(path))
            {
                throw new ConvexAuthKitException(DiagnosticCodes.PackageJsonMissing,
                    $"No package.json in {frontendDir}; set ConvexAuthKitFrontendDir to the folder of your Convex frontend, or ConvexAuthKitEnabled=false to switch ConvexAuthKit off.",
                    path);
            }

            const string fix = "fix it so that `npm install` accepts it.";
            using var doc = JsonFile.Read(path, DiagnosticCodes.PackageJsonInvalid, fix, out var text);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new ConvexAuthKitException(DiagnosticCodes.PackageJsonInvalid, $"package.json must hold a JSON object; {fix}", path, 1);

            var names = new HashSet<string>();
            var convex = false;
            foreach (var section in new[] { "dependencies", "devDependencies", "peerDependencies" })
            {
                if (!doc.RootElement.TryGetProperty(section, out var deps) || deps.ValueKind == JsonValueKind.Null)
                    continue;
                if (deps.ValueKind != JsonValueKind.Object)
                {
                    throw new ConvexAuthKitException(DiagnosticCodes.PackageJsonInvalid,
                        $"\"{section}\" in package.json must be an object of package names; {fix}", path, JsonPositions.Of(text).LineOf(section));
                }
                foreach (var dep in deps.EnumerateObject())
                {
                    if (dep.Name == "convex")
                        convex = true;
                    if (section != "peerDependencies")
                        names.Add(dep.Name);
                }
            }
            return new PackageJson(path, names, convex);
        }
    }
}
