using System.Collections.Generic;

namespace ConvexAuthKit.Scanning
{
    /// <summary>What <see cref="EnvReadAnalyzer"/> learned about one module.</summary>
    internal sealed class ModuleAnalysis
    {
        public ModuleAnalysis(
            IReadOnlyList<EnvRead> reads,
            bool passesWholeEnvironment,
            IReadOnlyCollection<string> exportedEnvironmentAliases,
            IReadOnlyDictionary<string, KeyHelper> exportedKeyHelpers,
            IReadOnlyList<string> opaqueFactoryCalls,
            IReadOnlyList<UndecidableSpot> undecidable,
            int workOSClientIdMentionLine)
        {
            Reads = reads;
            PassesWholeEnvironment = passesWholeEnvironment;
            ExportedEnvironmentAliases = exportedEnvironmentAliases;
            ExportedKeyHelpers = exportedKeyHelpers;
            OpaqueFactoryCalls = opaqueFactoryCalls;
            Undecidable = undecidable;
            WorkOSClientIdMentionLine = workOSClientIdMentionLine;
        }

        /// <summary>Every read found, in source order (names may repeat).</summary>
        public IReadOnlyList<EnvRead> Reads { get; }

        /// <summary>
        /// True when process.env itself is handed to other code (<c>createEnv({ runtimeEnv: process.env })</c>), so
        /// a property of this module's exports may be any variable.
        /// </summary>
        public bool PassesWholeEnvironment { get; }

        /// <summary>Exported names that are process.env itself (<c>export const env = process.env</c>).</summary>
        public IReadOnlyCollection<string> ExportedEnvironmentAliases { get; }

        /// <summary>Exported functions that read the variable named by their parameters.</summary>
        public IReadOnlyDictionary<string, KeyHelper> ExportedKeyHelpers { get; }

        /// <summary>Calls to functions imported from packages this scanner cannot see into, e.g. "createAuthHttpConfig() from @platform/auth/convex".</summary>
        public IReadOnlyList<string> OpaqueFactoryCalls { get; }

        /// <summary>Places the scan could not follow (in this module and the relative modules it imports), in source order.</summary>
        public IReadOnlyList<UndecidableSpot> Undecidable { get; }

        /// <summary>
        /// The first line where WORKOS_CLIENT_ID appears as a whole string or an identifier outside comments (here
        /// or in an imported module: the import's line), or 0: the fallback answer when the scan is undecidable.
        /// </summary>
        public int WorkOSClientIdMentionLine { get; }
    }
}
