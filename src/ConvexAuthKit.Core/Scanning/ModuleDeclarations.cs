using System;
using System.Collections.Generic;

namespace ConvexAuthKit.Scanning
{
    /// <summary>
    /// What one module declares that decides what its reads mean: its imports, its constant strings and arrays, its
    /// environment objects (aliases of process.env and locals built from it) and its key helpers. The state the
    /// analysis shares, in one object: <see cref="DeclarationPasses"/> fills it, <see cref="EnvReadFinder"/> then reads it.
    /// </summary>
    internal sealed class ModuleDeclarations
    {
        public ModuleDeclarations(TokenStream tokens, Func<string, ModuleAnalysis?>? analyzeImport)
        {
            Tokens = tokens;
            ConstantStrings = new ConstantStringEvaluator(tokens, Constants, ConstantArrays);
            Imports = ModuleImports.Resolve(tokens, analyzeImport);
            Environment = new EnvironmentObjects(tokens, Imports, ConstantStrings);
            KeyHelpers = new KeyHelperTable(tokens, Environment, ConstantStrings, Imports.KeyHelpers);
        }

        public TokenStream Tokens { get; }

        public ModuleImports Imports { get; }

        /// <summary><c>const NAME = "…"</c>: name → value.</summary>
        public Dictionary<string, string> Constants { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

        /// <summary><c>const PARTS = ["…", "…"]</c>: name → items.</summary>
        public Dictionary<string, IReadOnlyList<string>> ConstantArrays { get; } = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);

        /// <summary>Folds expressions over <see cref="Constants"/> and <see cref="ConstantArrays"/> as they stand.</summary>
        public ConstantStringEvaluator ConstantStrings { get; }

        public EnvironmentObjects Environment { get; }

        public KeyHelperTable KeyHelpers { get; }
    }
}
