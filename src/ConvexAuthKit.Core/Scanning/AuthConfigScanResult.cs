using System.Collections.Generic;

namespace ConvexAuthKit.Scanning
{
    /// <summary>What the static scan concluded.</summary>
    public enum ScanDecision
    {
        /// <summary>The config reads WORKOS_CLIENT_ID.</summary>
        Reads,
        /// <summary>The scan followed all of the config and found no read.</summary>
        DoesNotRead,
        /// <summary>
        /// No read found, but the config does something the scan cannot follow (see <see cref="AuthConfigScanResult.UndecidableLine"/>):
        /// evaluate it, or fall back to <see cref="AuthConfigScanResult.ReadsWorkOSClientId"/>.
        /// </summary>
        Undecidable,
    }

    /// <summary>How the answer was reached: by the static scan, by evaluating the bundled config in Node, or by the fallback rule.</summary>
    public enum ScanMethod
    {
        Scanned,
        Evaluated,
        /// <summary>Undecidable and not evaluated: read iff WORKOS_CLIENT_ID appears as a string or identifier outside comments.</summary>
        Fallback,
    }

    /// <summary>What <see cref="AuthConfigScanner"/> found out about a Convex auth config.</summary>
    public sealed class AuthConfigScanResult
    {
        internal AuthConfigScanResult(
            string? configFile, bool readsWorkOSClientId, int line, IReadOnlyList<string> envVarsRead, string reason, IReadOnlyList<string>? importedFiles = null,
            ScanDecision? decision = null, int undecidableLine = 0, string? undecidableReason = null, ScanMethod method = ScanMethod.Scanned, int mentionLine = 0)
        {
            ConfigFile = configFile;
            ReadsWorkOSClientId = readsWorkOSClientId;
            Line = line;
            EnvVarsRead = envVarsRead;
            Reason = reason;
            ImportedFiles = importedFiles ?? System.Array.Empty<string>();
            Decision = decision ?? (readsWorkOSClientId ? ScanDecision.Reads : ScanDecision.DoesNotRead);
            UndecidableLine = undecidableLine;
            UndecidableReason = undecidableReason;
            Method = method;
            MentionLine = mentionLine;
        }

        /// <summary>Full path of the auth.config.* scanned, or null when there is none (or only text was scanned).</summary>
        public string? ConfigFile { get; }

        /// <summary>
        /// True when evaluating the config reads the WORKOS_CLIENT_ID environment variable, as far as it is decided:
        /// false for an <see cref="ScanDecision.Undecidable"/> scan until an evaluation or the fallback rule decides it.
        /// </summary>
        public bool ReadsWorkOSClientId { get; }

        /// <summary>1-based line of the first WORKOS_CLIENT_ID read, or 0 when there is none.</summary>
        public int Line { get; }

        /// <summary>
        /// The first line where WORKOS_CLIENT_ID appears as a whole string or an identifier outside comments (for a
        /// mention in an imported module: the import's line), or 0: the fallback rule's evidence for an undecidable scan.
        /// </summary>
        public int MentionLine { get; }

        /// <summary>Every environment variable name read, sorted (ordinal) and distinct.</summary>
        public IReadOnlyList<string> EnvVarsRead { get; }

        /// <summary>One sentence saying why, e.g. "convex/auth.config.ts reads WORKOS_CLIENT_ID through process.env at line 3".</summary>
        public string Reason { get; }

        /// <summary>
        /// Full paths of the relative modules the scan read while following imports (only from
        /// <see cref="AuthConfigScanner.ScanFunctionsDir"/>): inputs of the result, like <see cref="ConfigFile"/>.
        /// </summary>
        public IReadOnlyList<string> ImportedFiles { get; }

        /// <summary>What the static scan concluded (also after an evaluation: the scan's own verdict).</summary>
        public ScanDecision Decision { get; }

        /// <summary>For an undecidable scan: the first line the scan could not follow.</summary>
        public int UndecidableLine { get; }

        /// <summary>For an undecidable scan: what the code does there ("calls f() from pkg, which this scan does not look into").</summary>
        public string? UndecidableReason { get; }

        /// <summary>How <see cref="ReadsWorkOSClientId"/> was decided.</summary>
        public ScanMethod Method { get; }

        internal AuthConfigScanResult With(string reason, IReadOnlyList<string> importedFiles) =>
            new AuthConfigScanResult(ConfigFile, ReadsWorkOSClientId, Line, EnvVarsRead, reason, importedFiles, Decision, UndecidableLine, UndecidableReason, Method, MentionLine);

        /// <summary>The answer of an evaluation (or of the fallback rule) in place of the scan's.</summary>
        public AuthConfigScanResult Decided(ScanMethod method, bool reads, int line, IReadOnlyList<string> envVarsRead, string reason) =>
            new AuthConfigScanResult(ConfigFile, reads, line, envVarsRead, reason, ImportedFiles, Decision, UndecidableLine, UndecidableReason, method, MentionLine);

        public override string ToString() => Reason;
    }
}
