using System;
using System.Collections.Generic;
using System.IO;
using ConvexAuthKit.Files;
using System.Linq;

namespace ConvexAuthKit.Scanning
{
    /// <summary>
    /// Decides whether a Convex auth config reads WORKOS_CLIENT_ID when Convex evaluates it: the trigger for
    /// "seed mode" provisioning. Reads through process.env, its aliases and destructuring, the generated env,
    /// env helpers in relative imports and @convex-dev/workos-authkit count; mentions in comments, strings and
    /// longer names do not. Bad input fails with <see cref="Diagnostics.DiagnosticCodes.AuthConfigUnreadable"/>.
    /// </summary>
    public static class AuthConfigScanner
    {
        /// <summary>
        /// The file names looked for, in order of preference: TypeScript first (what Convex's templates and the CLI
        /// create), then CommonJS-or-ESM .js, then .mjs. Only the first one found is scanned.
        /// </summary>
        private static readonly string[] ConfigFileNames = { "auth.config.ts", "auth.config.js", "auth.config.mjs" };

        /// <summary>
        /// Scans the auth config in the Convex functions folder (<c>convex/</c>, or convex.json's "functions").
        /// When several of auth.config.ts, .js and .mjs exist the first in that order is scanned and the Reason says so.
        /// </summary>
        public static AuthConfigScanResult ScanFunctionsDir(string functionsDir)
        {
            if (functionsDir == null)
                throw new ArgumentNullException(nameof(functionsDir));

            var found = ConfigFileNames.Select(name => Path.Combine(functionsDir, name)).Where(InputFiles.Exists).ToList();
            if (found.Count == 0)
            {
                var folder = Path.GetFileName(functionsDir.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
                return new AuthConfigScanResult(null, false, 0, Array.Empty<string>(),
                    "no auth.config.ts, auth.config.js or auth.config.mjs in " + folder + "/");
            }

            var configFile = Path.GetFullPath(found[0]);
            var source = AuthConfigSourceText.ReadFile(configFile);
            var moduleReader = new RelativeModuleReader(Path.GetDirectoryName(configFile)!);
            var result = ScanSource(source, configFile, moduleReader.Read);
            var reason = result.Reason;
            if (found.Count > 1)
            {
                var ignored = string.Join(" and ", found.Skip(1).Select(Path.GetFileName));
                reason += " (" + ignored + " also exist" + (found.Count == 2 ? "s" : "")
                    + " and " + (found.Count == 2 ? "was" : "were") + " not scanned: .ts is preferred, then .js, then .mjs)";
            }
            return result.With(reason, moduleReader.FilesRead.ToList());
        }

        /// <summary>
        /// Scans one file's text. <paramref name="readModule"/> resolves a relative import specifier, relative to
        /// the scanned file (also for imports of imported modules), to the module's text or null when not found.
        /// </summary>
        public static AuthConfigScanResult ScanSource(string source, string? filePath = null, Func<string, string?>? readModule = null)
        {
            if (source == null)
                throw new ArgumentNullException(nameof(source));

            var lexed = JsLexer.Lex(AuthConfigSourceText.Prepare(source, filePath), filePath);
            var importAnalyzer = readModule == null ? null : new ImportFollower(readModule).For(ImportFollower.RootSpecifier, 0);
            var analysis = EnvReadAnalyzer.Analyze(lexed.Tokens, importAnalyzer);

            var envVarsRead = analysis.Reads.Select(read => read.Name).Distinct().OrderBy(name => name, StringComparer.Ordinal).ToList();
            var firstRead = analysis.Reads
                .Where(read => read.Name == EnvReadAnalyzer.WorkOSClientId)
                .OrderBy(read => read.Line)
                .FirstOrDefault();
            var displayName = SourceDisplayName.For(filePath);
            if (firstRead != null)
                return new AuthConfigScanResult(filePath, true, firstRead.Line, envVarsRead, ScanReason.ForRead(displayName, firstRead));

            // No read found: only an answer when the scan could follow everything.
            var spot = analysis.Undecidable.FirstOrDefault();
            if (spot == null)
                return new AuthConfigScanResult(filePath, false, 0, envVarsRead, ScanReason.ForNoRead(displayName, analysis, lexed, envVarsRead));
            return new AuthConfigScanResult(filePath, false, 0, envVarsRead, ScanReason.ForUndecidable(displayName, spot),
                decision: ScanDecision.Undecidable, undecidableLine: spot.Line, undecidableReason: spot.Reason, mentionLine: analysis.WorkOSClientIdMentionLine);
        }
    }
}
