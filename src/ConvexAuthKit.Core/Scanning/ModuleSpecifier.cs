using System;
using System.Collections.Generic;

namespace ConvexAuthKit.Scanning
{
    /// <summary>Classifies and combines ES module specifiers ("./_shared/env", "@convex-dev/workos-authkit").</summary>
    internal static class ModuleSpecifier
    {
        public const string WorkOSAuthKitPackage = "@convex-dev/workos-authkit";

        public static bool IsRelative(string specifier) =>
            specifier == "." || specifier == ".." || specifier.StartsWith("./", StringComparison.Ordinal) || specifier.StartsWith("../", StringComparison.Ordinal);

        /// <summary>Any relative path into Convex's generated folder: its modules are code-generated, not user code to follow.</summary>
        public static bool IsGenerated(string specifier) =>
            IsRelative(specifier) && (specifier.Contains("/_generated/") || specifier.EndsWith("/_generated", StringComparison.Ordinal));

        /// <summary>"./_generated/server" (or "../convex/_generated/server.js"): the module whose <c>env</c> export is the deployment's environment.</summary>
        public static bool IsGeneratedServer(string specifier)
        {
            return IsRelative(specifier) && StripScriptExtension(specifier).EndsWith("/_generated/server", StringComparison.Ordinal);
        }

        public static bool IsNodeProcess(string specifier) => specifier == "process" || specifier == "node:process";

        public static bool IsWorkOSAuthKit(string specifier) =>
            specifier == WorkOSAuthKitPackage || specifier.StartsWith(WorkOSAuthKitPackage + "/", StringComparison.Ordinal);

        /// <summary>
        /// The specifier of <paramref name="specifier"/>, written in a module reached through
        /// <paramref name="importerSpecifier"/>, as seen from the scanned file: "./_shared/env" + "./util" = "./_shared/util".
        /// </summary>
        public static string Resolve(string importerSpecifier, string specifier)
        {
            var segments = new List<string>(importerSpecifier.Split('/'));
            segments.RemoveAt(segments.Count - 1);
            foreach (var part in specifier.Split('/'))
            {
                if (part == "." || part.Length == 0)
                    continue;
                var last = segments.Count > 0 ? segments[segments.Count - 1] : "..";
                if (part != "..")
                    segments.Add(part);
                else if (last == ".")
                    segments[segments.Count - 1] = "..";
                else if (last == "..")
                    segments.Add("..");
                else
                    segments.RemoveAt(segments.Count - 1);
            }
            if (segments.Count == 0 || (segments[0] != "." && segments[0] != ".."))
                segments.Insert(0, ".");
            return string.Join("/", segments);
        }

        private static string StripScriptExtension(string specifier)
        {
            foreach (var extension in new[] { ".js", ".ts", ".mjs", ".cjs" })
            {
                if (specifier.EndsWith(extension, StringComparison.Ordinal))
                    return specifier.Substring(0, specifier.Length - extension.Length);
            }
            return specifier;
        }
    }
}
