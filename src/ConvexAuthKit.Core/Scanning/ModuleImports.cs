using System;
using System.Collections.Generic;
using System.Linq;

namespace ConvexAuthKit.Scanning
{
    internal enum ImportKind { GeneratedEnv, WorkOSAuthKit, RelativeModule, UnreadableModule, Package }

    /// <summary>A binding of an import statement and what it was found to be.</summary>
    internal sealed class ResolvedImport
    {
        public ResolvedImport(ImportBinding binding, ImportKind kind, ModuleAnalysis? module)
        {
            Binding = binding;
            Kind = kind;
            Module = module;
        }

        public ImportBinding Binding { get; }
        public ImportKind Kind { get; }
        public ModuleAnalysis? Module { get; }

        /// <summary>The module's reads have been added to this module's (once is enough).</summary>
        public bool ReadsMerged { get; set; }

        /// <summary>Packages whose code is known not to read WORKOS_CLIENT_ID at config time (Convex's own).</summary>
        public bool IsKnownPackage =>
            Kind == ImportKind.Package && (Binding.Specifier == "convex" || Binding.Specifier.StartsWith("convex/", StringComparison.Ordinal));
    }

    /// <summary>
    /// Resolves a module's imports: Node's <c>process</c>, the Convex-generated env, the WorkOS AuthKit component,
    /// relative modules (analysed through the caller's callback, whose environment aliases and key helpers become
    /// this module's) and packages.
    /// </summary>
    internal sealed class ModuleImports
    {
        private ModuleImports(int tokenCount)
        {
            InImportStatement = new bool[tokenCount];
        }

        public Dictionary<string, ResolvedImport> Imports { get; } = new Dictionary<string, ResolvedImport>(StringComparer.Ordinal);

        /// <summary>Token index → part of an import statement (a declaration, not a use, of the names it binds).</summary>
        public bool[] InImportStatement { get; }

        /// <summary>Local name → what it aliases, for bindings that are process.env.</summary>
        public Dictionary<string, string> EnvironmentAliases { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

        /// <summary>Names that mean Node's process object here.</summary>
        public HashSet<string> ProcessNames { get; } = new HashSet<string>(StringComparer.Ordinal) { "process" };

        public Dictionary<string, KeyHelper> KeyHelpers { get; } = new Dictionary<string, KeyHelper>(StringComparer.Ordinal);

        /// <summary>The relative modules read and analysed, with the line of their first import.</summary>
        public List<(ModuleAnalysis Module, string Specifier, int Line)> Modules { get; } = new List<(ModuleAnalysis, string, int)>();

        public static ModuleImports Resolve(TokenStream tokens, Func<string, ModuleAnalysis?>? analyzeImport)
        {
            var result = new ModuleImports(tokens.Count);
            var collector = ImportCollector.Collect(tokens);
            foreach (var (start, end) in collector.StatementRanges)
            {
                for (var i = start; i < end; i++)
                    result.InImportStatement[i] = true;
            }

            var modules = new Dictionary<string, ModuleAnalysis?>(StringComparer.Ordinal);
            foreach (var binding in collector.Bindings)
                result.Add(binding, analyzeImport, modules);
            return result;
        }

        private void Add(ImportBinding binding, Func<string, ModuleAnalysis?>? analyzeImport, Dictionary<string, ModuleAnalysis?> modules)
        {
            var specifier = binding.Specifier;
            var local = binding.LocalName;
            if (local == "process" && !ModuleSpecifier.IsNodeProcess(specifier))
                ProcessNames.Remove(local);

            if (ModuleSpecifier.IsNodeProcess(specifier))
            {
                if (binding.ImportedName == "env")
                    EnvironmentAliases[local] = "process.env";
                else if (binding.ImportedName == ImportBinding.Default || binding.ImportedName == ImportBinding.Namespace)
                    ProcessNames.Add(local);
            }
            else if (ModuleSpecifier.IsGeneratedServer(specifier) && binding.ImportedName == "env")
                Imports[local] = new ResolvedImport(binding, ImportKind.GeneratedEnv, null);
            else if (ModuleSpecifier.IsGenerated(specifier))
                return;
            else if (ModuleSpecifier.IsWorkOSAuthKit(specifier))
                Imports[local] = new ResolvedImport(binding, ImportKind.WorkOSAuthKit, null);
            else if (ModuleSpecifier.IsRelative(specifier))
                AddRelative(binding, analyzeImport, modules);
            else
                Imports[local] = new ResolvedImport(binding, ImportKind.Package, null);
        }

        private void AddRelative(ImportBinding binding, Func<string, ModuleAnalysis?>? analyzeImport, Dictionary<string, ModuleAnalysis?> modules)
        {
            if (!modules.TryGetValue(binding.Specifier, out var module))
            {
                module = analyzeImport?.Invoke(binding.Specifier);
                modules[binding.Specifier] = module;
                if (module != null)
                    Modules.Add((module, binding.Specifier, binding.Line));
            }
            if (module == null)
            {
                Imports[binding.LocalName] = new ResolvedImport(binding, ImportKind.UnreadableModule, null);
                return;
            }
            if (module.ExportedEnvironmentAliases.Contains(binding.ImportedName))
                EnvironmentAliases[binding.LocalName] = "process.env (re-exported by " + binding.Specifier + ")";
            else if (module.ExportedKeyHelpers.TryGetValue(binding.ImportedName, out var helper))
                KeyHelpers[binding.LocalName] = helper.DescribedAs("`" + binding.LocalName + "()` from " + binding.Specifier);
            else
                Imports[binding.LocalName] = new ResolvedImport(binding, ImportKind.RelativeModule, module);
        }
    }
}
