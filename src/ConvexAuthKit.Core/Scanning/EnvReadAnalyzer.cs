using System;
using System.Collections.Generic;
using System.Linq;

namespace ConvexAuthKit.Scanning
{
    /// <summary>
    /// Finds the environment variables a module reads, working on <see cref="JsLexer"/> tokens (so comments,
    /// strings and template text never count). It recognises:
    /// <list type="bullet">
    /// <item>member reads of process.env (see <see cref="EnvironmentObjects"/>): <c>.X</c>, <c>?.X</c>, <c>["X"]</c>, keys folded from constants (<see cref="ConstantStringEvaluator"/>);</item>
    /// <item>destructuring (<c>const { X, Y: y = "" } = process.env</c>), aliases (<c>const env = process.env</c>, <c>{ ...process.env }</c>) and rest elements;</item>
    /// <item>variable-named properties of a local built from the whole environment (<c>createEnv({ runtimeEnv: process.env })</c>);</item>
    /// <item>enumeration of the environment compared with a name (<see cref="EnvEnumeration"/>);</item>
    /// <item>the Convex-generated <c>env</c> from <c>./_generated/server</c>;</item>
    /// <item>helpers whose parameters name the variable (<c>getEnv("X")</c>, <c>workos("CLIENT_ID")</c>), local or imported;</item>
    /// <item>bindings imported from relative modules (<see cref="ModuleImports"/>), followed through the supplied callback;</item>
    /// <item><c>@convex-dev/workos-authkit</c>'s AuthKit, which reads WORKOS_CLIENT_ID itself.</item>
    /// </list>
    /// What it cannot follow (a key it cannot fold, an enumeration it cannot tie to a name, a dynamic import, a call
    /// into a package) is recorded as an <see cref="UndecidableSpot"/>, so that "no read found" is never taken for
    /// "does not read". Scopes are not modelled: a name means the same thing throughout the module.
    /// <para>
    /// The work is done in three steps over one <see cref="ModuleDeclarations"/>: <see cref="DeclarationPasses"/>
    /// collects constants, aliases and key helpers to a fixed point, <see cref="EnvReadFinder"/> (with
    /// <see cref="PackageCalls"/>) finds the reads, and this class puts the <see cref="ModuleAnalysis"/> together.
    /// </para>
    /// </summary>
    internal static class EnvReadAnalyzer
    {
        public const string WorkOSClientId = "WORKOS_CLIENT_ID";

        /// <summary>
        /// Analyses one module. <paramref name="analyzeImport"/> returns the analysis of a relative import
        /// specifier, or null when the module cannot be read; without it every relative import is unreadable.
        /// </summary>
        public static ModuleAnalysis Analyze(IReadOnlyList<Token> tokens, Func<string, ModuleAnalysis?>? analyzeImport)
        {
            var module = new ModuleDeclarations(new TokenStream(tokens), analyzeImport);
            DeclarationPasses.Run(module, FunctionDeclarations.Find(module.Tokens));
            var findings = EnvReadFinder.Find(module);
            return BuildAnalysis(module, findings);
        }

        private static ModuleAnalysis BuildAnalysis(ModuleDeclarations module, ModuleFindings findings)
        {
            var exports = ExportCollector.Collect(module.Tokens);
            var exportedAliases = exports.Where(export => module.Environment.Aliases.ContainsKey(export.Value)).Select(export => export.Key).ToList();
            var exportedHelpers = new Dictionary<string, KeyHelper>(StringComparer.Ordinal);
            foreach (var export in exports)
            {
                if (module.KeyHelpers.TryGet(export.Value, out var helper))
                    exportedHelpers[export.Key] = helper;
            }
            return new ModuleAnalysis(findings.Reads, findings.PassesWholeEnvironment, exportedAliases, exportedHelpers, findings.OpaqueFactoryCalls,
                findings.Undecidable.OrderBy(spot => spot.Line).ToList(), WorkOSClientIdMentionLine(module));
        }

        /// <summary>The fallback's evidence: WORKOS_CLIENT_ID as a whole string or an identifier, here or in an imported module.</summary>
        private static int WorkOSClientIdMentionLine(ModuleDeclarations module)
        {
            var tokens = module.Tokens;
            for (var i = 0; i < tokens.Count; i++)
            {
                var token = tokens[i]!;
                if ((token.Kind == TokenKind.Identifier || token.IsStringLike) && token.Text == WorkOSClientId)
                    return token.Line;
            }
            foreach (var (imported, _, line) in module.Imports.Modules)
            {
                if (imported.WorkOSClientIdMentionLine > 0)
                    return line;
            }
            return 0;
        }
    }
}
