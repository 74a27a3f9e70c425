using System;
using System.Collections.Generic;
using System.Linq;

namespace ConvexAuthKit.Scanning
{
    /// <summary>
    /// Walks a module's tokens once, after <see cref="DeclarationPasses"/>, and records in <see cref="ModuleFindings"/>
    /// every read of an environment object (member access, destructuring, enumeration, a key helper's call, a
    /// binding of an analysed module) and every use it cannot follow.
    /// </summary>
    internal sealed class EnvReadFinder
    {
        // Enumerations each search the code after them; past this many the rest are reported, not searched.
        private const int MaxEnumerations = 100;

        private readonly ModuleDeclarations _module;
        private readonly TokenStream _tokens;
        private readonly EnvironmentObjects _env;
        private readonly ModuleFindings _findings = new ModuleFindings();
        private int _enumerations;

        private EnvReadFinder(ModuleDeclarations module)
        {
            _module = module;
            _tokens = module.Tokens;
            _env = module.Environment;
        }

        public static ModuleFindings Find(ModuleDeclarations module)
        {
            var finder = new EnvReadFinder(module);
            finder.FindAll();
            return finder._findings;
        }

        private void FindAll()
        {
            foreach (var (module, specifier, line) in _module.Imports.Modules)
            {
                foreach (var spot in module.Undecidable)
                    _findings.AddUndecidable(line, "imports " + specifier + ", where " + spot.Reason);
            }
            for (var i = 0; i < _tokens.Count; i++)
            {
                if (_module.Imports.InImportStatement[i])
                    continue;
                ReadDestructuring(i);
                ReadMemberOrUse(i);
                ReadKeyHelperCall(i);
                PackageCalls.ReadWorkOSAuthKit(_module, _findings, i);
                PackageCalls.NoteOpaqueCode(_module, _findings, i);
            }
        }

        /// <summary><c>{ A, B: b } = source</c>, with the closing brace at <paramref name="index"/>.</summary>
        private void ReadDestructuring(int index)
        {
            if (!_tokens.IsPunctuator(index, "}") || !_tokens.IsPunctuator(index + 1, "=") || _tokens.OpenOf(index) < 0)
                return;
            if (!_env.TryRead(index + 2, out var source) || _env.TryReadMemberStep(source.Next, out _))
                return;
            foreach (var property in DestructuringPattern.Parse(_tokens, _module.ConstantStrings, _tokens.OpenOf(index), out _))
                ReadProperty(source, property.Key, property.Line, computed: false, destructured: true);
        }

        private void ReadMemberOrUse(int index)
        {
            if (!_env.TryRead(index, out var source))
                return;
            if (_env.TryReadMemberStep(source.Next, out var step))
            {
                if (step.Key != null)
                    ReadProperty(source, step.Key, step.KeyLine, step.IsComputed, destructured: false);
                else if (source.Kind == EnvObjectKind.ImportedModule)
                    MergeModuleReads(source.Import!, step.KeyLine);
                else if (source.Kind == EnvObjectKind.Environment && !_module.KeyHelpers.IsHelperSite(step.BracketOpen))
                    _findings.AddUndecidable(step.KeyLine, "reads " + source.Description + " with a key it cannot work out");
                return;
            }

            var isDeclarationOrDestructuringSource = _tokens.IsVariableKeyword(index - 1)
                || (_tokens.IsPunctuator(index - 1, "=") && _tokens.IsPunctuator(index - 2, "}"));
            if (isDeclarationOrDestructuringSource)
                return;
            if (source.Kind == EnvObjectKind.Environment)
                ReadWholeEnvironmentUse(index, source);
            var isObjectLiteralKey = _tokens.IsPunctuator(index + 1, ":") && (_tokens.IsPunctuator(index - 1, "{") || _tokens.IsPunctuator(index - 1, ","));
            if (source.Kind == EnvObjectKind.ImportedModule && !isObjectLiteralKey)
                MergeModuleReads(source.Import!, _tokens[index]!.Line);
        }

        /// <summary>The environment object used whole: enumerated, copied into an alias, or handed to other code.</summary>
        private void ReadWholeEnvironmentUse(int index, EnvObject source)
        {
            var line = _tokens[index]!.Line;
            if (_enumerations >= MaxEnumerations && EnvEnumeration.IsEnumeration(_tokens, index, source.Next))
            {
                _findings.AddUndecidable(line, "enumerates " + source.Description + " more often than this scan follows");
                return;
            }
            if (EnvEnumeration.TryRead(_tokens, _module.ConstantStrings, index, source.Next, out var use))
            {
                _enumerations++;
                foreach (var (name, comparedAt) in use!.ComparedNames)
                    _findings.AddRead(name, comparedAt, "by enumerating " + source.Description + " and comparing the names with \"" + name + "\"");
                if (!use.TiedToNames)
                    _findings.AddUndecidable(line, "enumerates " + source.Description + " without tying the names to a literal");
                return;
            }
            if (IsAliasCopy(index))
                return;
            if (_env.IsHandedOnWhole(index, source))
            {
                _findings.PassesWholeEnvironment = true;
                _findings.AddUndecidable(line, "hands " + source.Description + " whole to other code");
            }
        }

        /// <summary>The <c>...process.env</c> of <c>const env = { ...process.env }</c>, already an alias.</summary>
        private bool IsAliasCopy(int index)
        {
            if (!_tokens.IsPunctuator(index - 1, "..."))
                return false;
            var open = EnvEnumeration.EnclosingOpen(_tokens, index);
            var equals = open - 1;
            return _tokens.IsPunctuator(open, "{") && _tokens.IsPunctuator(equals, "=") && _tokens.IsIdentifier(equals - 1)
                && _tokens.IsVariableKeyword(equals - 2) && _env.Aliases.ContainsKey(_tokens[equals - 1]!.Text);
        }

        private void ReadProperty(EnvObject source, string key, int line, bool computed, bool destructured)
        {
            var import = source.Import;
            switch (source.Kind)
            {
                case EnvObjectKind.Environment:
                    _findings.AddRead(key, line, (destructured ? "by destructuring " : "through ") + source.Description + (computed ? " with a computed key" : ""));
                    break;
                case EnvObjectKind.ImportedModule:
                    if (!EnvEnumeration.IsEnvironmentVariableName(key))
                        MergeModuleReads(import!, line);
                    else if (import!.Module!.PassesWholeEnvironment || import.Module.Reads.Any(read => read.Name == key))
                        _findings.AddRead(key, line, "through " + EnvironmentObjects.Describe(import.Binding));
                    break;
                case EnvObjectKind.EnvironmentDerived:
                    if (EnvEnumeration.IsEnvironmentVariableName(key))
                        _findings.AddRead(key, line, "through " + source.Description);
                    break;
                case EnvObjectKind.UnreadableImport:
                    // The module is out of sight; a variable-named property of something called like an env object
                    // is taken as a read (`import { env } from "./_shared/env"; env.WORKOS_CLIENT_ID`).
                    if (EnvEnumeration.IsEnvironmentVariableName(key) && LooksLikeEnvironmentObject(import!.Binding))
                        _findings.AddRead(key, line, "through " + EnvironmentObjects.Describe(import.Binding),
                            import.Binding.Specifier + " could not be read, so a variable-named property of an env object is taken as a read");
                    break;
            }
        }

        private void MergeModuleReads(ResolvedImport import, int line)
        {
            if (import.ReadsMerged)
                return;
            import.ReadsMerged = true;
            foreach (var read in import.Module!.Reads)
                _findings.AddRead(read.Name, line, "through " + EnvironmentObjects.Describe(import.Binding));
        }

        /// <summary>A call of a key helper: its arguments folded, the names it reads added; a key it cannot fold is undecidable.</summary>
        private void ReadKeyHelperCall(int index)
        {
            var helpers = _module.KeyHelpers;
            if (helpers.IsHelperSite(index) || !helpers.TryReadCall(index, out var helper, out var arguments))
                return;
            var line = _tokens[index]!.Line;
            if (helper == null)
            {
                _findings.AddUndecidable(line, "passes the helper `" + _tokens[index]!.Text + "` on as a value");
                return;
            }
            var keys = helper.KeysFor(KeyHelperTable.ArgumentValues(_module.ConstantStrings, arguments));
            if (keys == null)
            {
                _findings.AddUndecidable(line, "calls " + helper.Description + " with a name it cannot work out");
                return;
            }
            foreach (var key in keys)
                _findings.AddRead(key, line, "through the helper " + helper.Description);
        }

        private static bool LooksLikeEnvironmentObject(ImportBinding binding) =>
            ContainsEnv(binding.LocalName) || ContainsEnv(binding.ImportedName) || ContainsEnv(binding.Specifier.Substring(binding.Specifier.LastIndexOf('/') + 1));

        private static bool ContainsEnv(string text) => text.IndexOf("env", StringComparison.OrdinalIgnoreCase) >= 0;
    }
}
