using System;
using System.Collections.Generic;
using ConvexAuthKit.Diagnostics;

namespace ConvexAuthKit.Scanning
{
    /// <summary>
    /// Analyses the relative modules an auth config imports, through a caller-supplied reader. Every specifier
    /// handed to the reader is relative to the scanned file: a module reached through "./_shared/env" that imports
    /// "./util" is asked for as "./_shared/util". Depth is capped and cycles are cut; a module that cannot be read
    /// or lexed counts as not found rather than failing the scan.
    /// </summary>
    internal sealed class ImportFollower
    {
        /// <summary>The scanned file as a specifier, the base the others are resolved against.</summary>
        public const string RootSpecifier = "./auth.config";

        private const int MaxDepth = 5;

        private readonly Func<string, string?> _readModule;
        private readonly Dictionary<string, ModuleAnalysis?> _analyzed = new Dictionary<string, ModuleAnalysis?>(StringComparer.Ordinal);
        private readonly HashSet<string> _inProgress = new HashSet<string>(StringComparer.Ordinal);

        public ImportFollower(Func<string, string?> readModule)
        {
            _readModule = readModule;
        }

        /// <summary>The import callback for <see cref="EnvReadAnalyzer"/> in the module at <paramref name="importerSpecifier"/>.</summary>
        public Func<string, ModuleAnalysis?> For(string importerSpecifier, int depth) =>
            specifier => Analyze(ModuleSpecifier.Resolve(importerSpecifier, specifier), depth + 1);

        private ModuleAnalysis? Analyze(string specifier, int depth)
        {
            if (depth > MaxDepth || _inProgress.Contains(specifier))
                return null;
            if (_analyzed.TryGetValue(specifier, out var known))
                return known;

            ModuleAnalysis? analysis = null;
            var source = _readModule(specifier);
            if (source != null)
            {
                _inProgress.Add(specifier);
                try
                {
                    var lexed = JsLexer.Lex(AuthConfigSourceText.Prepare(source, specifier), specifier);
                    analysis = EnvReadAnalyzer.Analyze(lexed.Tokens, For(specifier, depth));
                }
                catch (ConvexAuthKitException)
                {
                    // E.g. a .tsx helper whose JSX text the lexer cannot take: treat it like a missing module.
                }
                finally
                {
                    _inProgress.Remove(specifier);
                }
            }
            _analyzed[specifier] = analysis;
            return analysis;
        }
    }
}
