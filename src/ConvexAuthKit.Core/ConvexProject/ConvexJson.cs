using System.IO;
using System.Text.Json;
using ConvexAuthKit.Files;
using ConvexAuthKit.Diagnostics;

namespace ConvexAuthKit.ConvexProject
{
    /// <summary>convex.json: where the functions live and whether an authKit section drives provisioning (config mode).</summary>
    public sealed class ConvexJson
    {
        public const string DefaultFunctionsDir = "convex/";
        public const string FileName = "convex.json";

        private ConvexJson(string? path, string functions, AuthKitConfig? authKit)
        {
            FilePath = path;
            Functions = functions;
            AuthKit = authKit;
        }

        /// <summary>The file, or null when the project has none.</summary>
        public string? FilePath { get; }
        /// <summary>The functions path as written (default <c>convex/</c>), relative to the project root.</summary>
        public string Functions { get; }
        /// <summary>The validated authKit section, or null when absent.</summary>
        public AuthKitConfig? AuthKit { get; }
        /// <summary>Whether convex.json has an authKit key at all: then the CLI is in config mode and ignores auth.config.</summary>
        public bool HasAuthKit => AuthKit != null;

        public string FunctionsDir(string projectRoot) => Path.GetFullPath(Path.Combine(projectRoot, Functions));

        /// <summary>Reads and validates the project's convex.json; a project without one gets the defaults. Throws CAK0008 for bad content.</summary>
        public static ConvexJson Load(string projectRoot)
        {
            var path = Path.Combine(projectRoot, FileName);
            if (!InputFiles.Exists(path))
                return new ConvexJson(null, DefaultFunctionsDir, null);

            const string fix = "fix it as the Convex docs on convex.json describe.";
            using var doc = JsonFile.Read(path, DiagnosticCodes.ConvexJsonInvalid, fix, out var text);
            var positions = JsonPositions.Of(text);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new ConvexAuthKitException(DiagnosticCodes.ConvexJsonInvalid, $"convex.json must hold a JSON object; {fix}", path, 1);

            var functions = DefaultFunctionsDir;
            if (root.TryGetProperty("functions", out var f))
            {
                if (f.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(f.GetString()))
                {
                    throw new ConvexAuthKitException(DiagnosticCodes.ConvexJsonInvalid,
                        $"\"functions\" in convex.json must be a folder path string such as \"convex/\"; {fix}", path, positions.LineOf("functions"));
                }
                functions = f.GetString()!;
            }

            AuthKitConfig? authKit = null;
            if (root.TryGetProperty("authKit", out var a))
                authKit = AuthKitConfigReader.Read(a, path, positions);
            return new ConvexJson(path, functions, authKit);
        }
    }
}
