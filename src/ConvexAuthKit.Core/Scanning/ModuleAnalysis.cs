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
            IReadOnlyDictionary<string, int> exportedKeyHelpers,
            IReadOnlyList<string> opaqueFactoryCalls)
        {
            Reads = reads;
            PassesWholeEnvironment = passesWholeEnvironment;
            ExportedEnvironmentAliases = exportedEnvironmentAliases;
            ExportedKeyHelpers = exportedKeyHelpers;
            OpaqueFactoryCalls = opaqueFactoryCalls;
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

        /// <summary>Exported functions that read the variable named by one of their parameters, with that parameter's index.</summary>
        public IReadOnlyDictionary<string, int> ExportedKeyHelpers { get; }

        /// <summary>Calls to functions imported from packages this scanner cannot see into, e.g. "createAuthHttpConfig() from @platform/auth/convex".</summary>
        public IReadOnlyList<string> OpaqueFactoryCalls { get; }
    }
}
