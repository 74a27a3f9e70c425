using System.IO;
using System.Text.Json;
using ConvexAuthKit.Diagnostics;

namespace ConvexAuthKit.ConvexProject
{
    /// <summary>convex.json: where the functions live and whether an authKit section drives provisioning (config mode).</summary>
    public sealed class ConvexJson
    {
        public const string DefaultFunctionsDir = "convex/";

        private ConvexJson(string? path, string functions, JsonElement? authKit)
        {
            FilePath = path;
            Functions = functions;
            AuthKit = authKit;
        }

        /// <summary>The file, or null when the project has none.</summary>
        public string? FilePath { get; }
        /// <summary>The functions path as written (default <c>convex/</c>), relative to the project root.</summary>
        public string Functions { get; }
        /// <summary>The authKit section (a detached copy), or null when absent.</summary>
        public JsonElement? AuthKit { get; }
        public bool HasAuthKit => AuthKit.HasValue;

        public string FunctionsDir(string projectRoot) => Path.GetFullPath(Path.Combine(projectRoot, Functions));

        public static ConvexJson Load(string projectRoot)
        {
            var path = Path.Combine(projectRoot, "convex.json");
            if (!File.Exists(path))
                return new ConvexJson(null, DefaultFunctionsDir, null);

            const string fix = "fix it as the Convex docs on convex.json describe.";
            using var doc = JsonFile.Read(path, DiagnosticCodes.ConvexJsonInvalid, fix);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new ConvexAuthKitException(DiagnosticCodes.ConvexJsonInvalid, $"convex.json must hold a JSON object; {fix}", path, 1);

            var functions = DefaultFunctionsDir;
            if (root.TryGetProperty("functions", out var f))
            {
                if (f.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(f.GetString()))
                {
                    throw new ConvexAuthKitException(DiagnosticCodes.ConvexJsonInvalid,
                        $"\"functions\" in convex.json must be a folder path string such as \"convex/\"; {fix}", path, JsonFile.LineOf(path, "functions"));
                }
                functions = f.GetString()!;
            }

            JsonElement? authKit = null;
            if (root.TryGetProperty("authKit", out var a) && a.ValueKind != JsonValueKind.Null)
            {
                if (a.ValueKind != JsonValueKind.Object)
                {
                    throw new ConvexAuthKitException(DiagnosticCodes.ConvexJsonInvalid,
                        $"\"authKit\" in convex.json must be an object with dev, preview or prod sections; {fix}", path, JsonFile.LineOf(path, "authKit"));
                }
                authKit = a.Clone();
            }
            return new ConvexJson(path, functions, authKit);
        }
    }
}
