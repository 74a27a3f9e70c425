using System;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ConvexAuthKit.Files;

namespace ConvexAuthKit.Frameworks
{
    /// <summary>
    /// The dev server port a frontend sets in its own config, when it sets one: <c>server.port</c> in
    /// vite.config.*, or <c>-p</c>/<c>--port</c> on the dev script for Next.js. A best-effort textual read: a
    /// port computed at run time is not found, and then the framework's default applies.
    /// </summary>
    public static class DevServerPort
    {
        private static readonly string[] ViteConfigNames = { "vite.config.ts", "vite.config.mts", "vite.config.js", "vite.config.mjs" };

        // server: { ... port: 5174 ... } — the first numeric port inside a `server` object.
        private static readonly Regex VitePort = new Regex(@"\bserver\s*:\s*\{[^{}]*?\bport\s*:\s*(\d{2,5})\b", RegexOptions.Compiled | RegexOptions.Singleline);
        private static readonly Regex NextPort = new Regex(@"\bnext\s+dev\b[^&|;]*?(?:-p|--port)(?:\s+|=)(\d{2,5})\b", RegexOptions.Compiled);

        /// <summary>The configured port and the file it came from, or null. The files looked at are read through the input reader, which records them for the cache.</summary>
        public static (int Port, string File)? Find(string frontendDir, Framework? framework)
        {
            if (framework == null)
                return null;
            switch (framework.Flavor)
            {
                case EnvFlavor.Vite:
                case EnvFlavor.TanStackStart:
                    foreach (var name in ViteConfigNames)
                    {
                        var path = Path.Combine(frontendDir, name);
                        var text = ReadSmall(path);
                        if (text == null)
                            continue;
                        var match = VitePort.Match(StripLineComments(text));
                        return match.Success && TryPort(match.Groups[1].Value, out var port) ? (port, path) : ((int, string)?)null;
                    }
                    return null;
                case EnvFlavor.NextJs:
                    var packageJson = Path.Combine(frontendDir, "package.json");
                    return NextDevScriptPort(packageJson) is int nextPort ? (nextPort, packageJson) : ((int, string)?)null;
                default:
                    return null;
            }
        }

        private static int? NextDevScriptPort(string packageJson)
        {
            var text = ReadSmall(packageJson);
            if (text == null)
                return null;
            try
            {
                using var doc = JsonDocument.Parse(text);
                if (doc.RootElement.ValueKind == JsonValueKind.Object
                    && doc.RootElement.TryGetProperty("scripts", out var scripts) && scripts.ValueKind == JsonValueKind.Object
                    && scripts.TryGetProperty("dev", out var dev) && dev.ValueKind == JsonValueKind.String)
                {
                    var match = NextPort.Match(dev.GetString()!);
                    if (match.Success && TryPort(match.Groups[1].Value, out var port))
                        return port;
                }
            }
            catch (JsonException)
            {
                // package.json itself is validated (with a coded error) elsewhere.
            }
            return null;
        }

        private static bool TryPort(string digits, out int port) => int.TryParse(digits, out port) && port > 0 && port < 65536;

        private static string StripLineComments(string text) => Regex.Replace(text, @"(?m)^\s*//.*$", "");

        /// <summary>
        /// The file's text, or null when it is missing, a folder, over 256 KiB or unreadable (the default port then
        /// applies). A pipe or device is CAK0020: reading it could block the build.
        /// </summary>
        private static string? ReadSmall(string path)
        {
            var read = InputFiles.Read(path, 256 * 1024 - 1);
            if (read.Status == InputReadStatus.NotRegular)
                throw InputFiles.NotRegular(path, read.Kind);
            if (read.Status != InputReadStatus.Read)
                return null;
            using var reader = new StreamReader(new MemoryStream(read.Bytes!), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            return reader.ReadToEnd();
        }
    }
}
