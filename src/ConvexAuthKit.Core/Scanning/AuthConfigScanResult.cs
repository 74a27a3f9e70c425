using System.Collections.Generic;

namespace ConvexAuthKit.Scanning
{
    /// <summary>What <see cref="AuthConfigScanner"/> found out about a Convex auth config.</summary>
    public sealed class AuthConfigScanResult
    {
        internal AuthConfigScanResult(
            string? configFile, bool readsWorkOSClientId, int line, IReadOnlyList<string> envVarsRead, string reason, IReadOnlyList<string>? importedFiles = null)
        {
            ConfigFile = configFile;
            ReadsWorkOSClientId = readsWorkOSClientId;
            Line = line;
            EnvVarsRead = envVarsRead;
            Reason = reason;
            ImportedFiles = importedFiles ?? System.Array.Empty<string>();
        }

        /// <summary>Full path of the auth.config.* scanned, or null when there is none (or only text was scanned).</summary>
        public string? ConfigFile { get; }

        /// <summary>True when evaluating the config reads the WORKOS_CLIENT_ID environment variable.</summary>
        public bool ReadsWorkOSClientId { get; }

        /// <summary>1-based line of the first WORKOS_CLIENT_ID read, or 0 when there is none.</summary>
        public int Line { get; }

        /// <summary>Every environment variable name read, sorted (ordinal) and distinct.</summary>
        public IReadOnlyList<string> EnvVarsRead { get; }

        /// <summary>One sentence saying why, e.g. "convex/auth.config.ts reads WORKOS_CLIENT_ID through process.env at line 3".</summary>
        public string Reason { get; }

        /// <summary>
        /// Full paths of the relative modules the scan read while following imports (only from
        /// <see cref="AuthConfigScanner.ScanFunctionsDir"/>): inputs of the result, like <see cref="ConfigFile"/>.
        /// </summary>
        public IReadOnlyList<string> ImportedFiles { get; }

        internal AuthConfigScanResult With(string reason, IReadOnlyList<string> importedFiles) =>
            new AuthConfigScanResult(ConfigFile, ReadsWorkOSClientId, Line, EnvVarsRead, reason, importedFiles);

        public override string ToString() => Reason;
    }
}
