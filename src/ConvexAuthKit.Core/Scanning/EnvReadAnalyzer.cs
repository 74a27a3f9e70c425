using System;
using System.Collections.Generic;
using System.Linq;

namespace ConvexAuthKit.Scanning
{
    /// <summary>
    /// Finds the environment variables a module reads, working on <see cref="JsLexer"/> tokens (so comments,
    /// strings and template text never count). It recognises:
    /// <list type="bullet">
    /// <item>member reads of process.env: <c>.X</c>, <c>?.X</c>, <c>["X"]</c>, <c>[`X`]</c>, constant computed keys, split lines, <c>!</c>;</item>
    /// <item>destructuring (<c>const { X, Y: y = "" } = process.env</c>), aliases (<c>const env = process.env</c>) and rest elements;</item>
    /// <item>variable-named properties of a local built from the whole environment (<c>createEnv({ runtimeEnv: process.env })</c>);</item>
    /// <item>the Convex-generated <c>env</c> from <c>./_generated/server</c>;</item>
    /// <item>helpers that read the variable named by a parameter (<c>getEnv("X")</c>), local or imported;</item>
    /// <item>bindings imported from relative modules, followed through the supplied callback;</item>
    /// <item><c>@convex-dev/workos-authkit</c>'s AuthKit, which reads WORKOS_CLIENT_ID itself.</item>
    /// </list>
    /// Scopes are not modelled: a name means the same thing throughout the module.
    /// </summary>
    internal sealed class EnvReadAnalyzer
    {
        public const string WorkOSClientId = "WORKOS_CLIENT_ID";
        private const string GeneratedEnv = "the Convex-generated env object";

        // Declarations can refer to ones further down (function bodies run later), so they are collected in
        // passes until nothing new turns up; real files settle in two.
        private const int MaxDeclarationPasses = 5;

        // Tokens after which a bare process.env is handed on as a value (an argument, a property, a spread).
        private static readonly HashSet<string> ValueContexts = new HashSet<string>
        {
            "(", ",", ":", "...", "[", "return", "=>", "?", "||", "??", "&&",
        };

        private readonly TokenStream _tokens;
        private readonly Func<string, ModuleAnalysis?>? _analyzeImport;
        private readonly ConstantStringEvaluator _constantStrings;
        private readonly Dictionary<string, string> _constants = new Dictionary<string, string>(StringComparer.Ordinal);

        // Local name → what it aliases ("process.env", "the Convex-generated env object").
        private readonly Dictionary<string, string> _environmentAliases = new Dictionary<string, string>(StringComparer.Ordinal);

        // Locals built from the whole of process.env (`const env = createEnv({ runtimeEnv: process.env })`).
        private readonly HashSet<string> _environmentDerived = new HashSet<string>(StringComparer.Ordinal);
        private readonly HashSet<string> _processNames = new HashSet<string>(StringComparer.Ordinal) { "process" };
        private readonly Dictionary<string, ResolvedImport> _imports = new Dictionary<string, ResolvedImport>(StringComparer.Ordinal);
        private readonly Dictionary<string, KeyHelper> _keyHelpers = new Dictionary<string, KeyHelper>(StringComparer.Ordinal);
        private readonly bool[] _inImportStatement;
        private readonly List<EnvRead> _reads = new List<EnvRead>();
        private readonly List<string> _opaqueFactoryCalls = new List<string>();
        private bool _passesWholeEnvironment;

        private EnvReadAnalyzer(IReadOnlyList<Token> tokens, Func<string, ModuleAnalysis?>? analyzeImport)
        {
            _tokens = new TokenStream(tokens);
            _analyzeImport = analyzeImport;
            _constantStrings = new ConstantStringEvaluator(_tokens, _constants);
            _inImportStatement = new bool[tokens.Count];
        }

        private enum ImportKind { GeneratedEnv, WorkOSAuthKit, RelativeModule, UnreadableModule, Package }

        private enum EnvObjectKind
        {
            /// <summary>process.env itself, an alias of it, or the Convex-generated env.</summary>
            Environment,
            /// <summary>A binding from a relative module that was read and analysed.</summary>
            ImportedModule,
            /// <summary>A binding from a relative module that could not be read.</summary>
            UnreadableImport,
            /// <summary>A local whose initializer hands the whole of process.env to other code.</summary>
            EnvironmentDerived,
        }

        /// <summary>
        /// Analyses one module. <paramref name="analyzeImport"/> returns the analysis of a relative import
        /// specifier, or null when the module cannot be read; without it every relative import is unreadable.
        /// </summary>
        public static ModuleAnalysis Analyze(IReadOnlyList<Token> tokens, Func<string, ModuleAnalysis?>? analyzeImport)
        {
            var analyzer = new EnvReadAnalyzer(tokens, analyzeImport);
            analyzer.ResolveImports();
            analyzer.NoteShadowedProcess();
            var functions = FunctionDeclarations.Find(analyzer._tokens);
            for (var pass = 0; pass < MaxDeclarationPasses; pass++)
            {
                // '|' rather than '||': every collector must run on every pass.
                if (!(analyzer.CollectConstants() | analyzer.CollectAliases() | analyzer.CollectKeyHelpers(functions)))
                    break;
            }
            analyzer.FindReads();
            return analyzer.BuildAnalysis();
        }

        private void ResolveImports()
        {
            var collector = ImportCollector.Collect(_tokens);
            foreach (var (start, end) in collector.StatementRanges)
            {
                for (var i = start; i < end; i++)
                    _inImportStatement[i] = true;
            }

            var modules = new Dictionary<string, ModuleAnalysis?>(StringComparer.Ordinal);
            foreach (var binding in collector.Bindings)
            {
                var specifier = binding.Specifier;
                var local = binding.LocalName;
                if (local == "process" && !ModuleSpecifier.IsNodeProcess(specifier))
                    _processNames.Remove(local);

                if (ModuleSpecifier.IsNodeProcess(specifier))
                {
                    if (binding.ImportedName == "env")
                        _environmentAliases[local] = "process.env";
                    else if (binding.ImportedName == ImportBinding.Default || binding.ImportedName == ImportBinding.Namespace)
                        _processNames.Add(local);
                }
                else if (ModuleSpecifier.IsGeneratedServer(specifier) && binding.ImportedName == "env")
                    _imports[local] = new ResolvedImport(binding, ImportKind.GeneratedEnv, null);
                else if (ModuleSpecifier.IsGenerated(specifier))
                    continue;
                else if (ModuleSpecifier.IsWorkOSAuthKit(specifier))
                    _imports[local] = new ResolvedImport(binding, ImportKind.WorkOSAuthKit, null);
                else if (ModuleSpecifier.IsRelative(specifier))
                    ResolveRelativeImport(binding, modules);
                else
                    _imports[local] = new ResolvedImport(binding, ImportKind.Package, null);
            }
        }

        private void ResolveRelativeImport(ImportBinding binding, Dictionary<string, ModuleAnalysis?> modules)
        {
            if (!modules.TryGetValue(binding.Specifier, out var module))
            {
                module = _analyzeImport?.Invoke(binding.Specifier);
                modules[binding.Specifier] = module;
            }
            if (module == null)
            {
                _imports[binding.LocalName] = new ResolvedImport(binding, ImportKind.UnreadableModule, null);
                return;
            }
            if (module.ExportedEnvironmentAliases.Contains(binding.ImportedName))
                _environmentAliases[binding.LocalName] = "process.env (re-exported by " + binding.Specifier + ")";
            else if (module.ExportedKeyHelpers.TryGetValue(binding.ImportedName, out var parameterIndex))
                _keyHelpers[binding.LocalName] = new KeyHelper(parameterIndex, "`" + binding.LocalName + "()` from " + binding.Specifier);
            else
                _imports[binding.LocalName] = new ResolvedImport(binding, ImportKind.RelativeModule, module);
        }

        /// <summary>A module that declares its own <c>process</c> does not mean Node's.</summary>
        private void NoteShadowedProcess()
        {
            for (var i = 0; i + 1 < _tokens.Count; i++)
            {
                if (_tokens.IsIdentifier(i + 1, "process") && (IsVariableKeyword(i) || _tokens.IsIdentifier(i, "function") || _tokens.IsIdentifier(i, "class")))
                    _processNames.Remove("process");
            }
        }

        /// <summary><c>const NAME = 'constant' + 'string'</c>.</summary>
        private bool CollectConstants()
        {
            var changed = false;
            for (var i = 0; i < _tokens.Count; i++)
            {
                if (!_tokens.IsIdentifier(i, "const") || !_tokens.IsIdentifier(i + 1))
                    continue;
                var equals = _tokens.SkipTypeAnnotationTo(i + 2, "=");
                if (equals < 0 || !_constantStrings.TryParse(equals + 1, out var value, out var next) || !_tokens.IsExpressionEnd(next))
                    continue;
                var name = _tokens[i + 1]!.Text;
                if (!_constants.TryGetValue(name, out var known) || known != value)
                {
                    _constants[name] = value;
                    changed = true;
                }
            }
            return changed;
        }

        /// <summary>
        /// <c>const env = process.env</c>, <c>const { A, ...rest } = process.env</c>, <c>const { env } = process</c>,
        /// and locals built from the whole environment.
        /// </summary>
        private bool CollectAliases()
        {
            var changed = false;
            for (var i = 0; i < _tokens.Count; i++)
            {
                if (IsVariableKeyword(i) && _tokens.IsIdentifier(i + 1))
                {
                    var name = _tokens[i + 1]!.Text;
                    var equals = _tokens.SkipTypeAnnotationTo(i + 2, "=");
                    if (equals < 0)
                        continue;
                    if (TryReadWholeEnvironment(equals + 1, out var environment))
                        changed |= AddAlias(name, environment.Root);
                    else if (!_environmentDerived.Contains(name) && HandsOnWholeEnvironment(equals + 1, _tokens.EndOfExpression(equals + 1)))
                        changed |= _environmentDerived.Add(name);
                }
                else if (_tokens.IsPunctuator(i, "}") && _tokens.IsPunctuator(i + 1, "=") && _tokens.OpenOf(i) >= 0)
                {
                    var properties = DestructuringPattern.Parse(_tokens, _constantStrings, _tokens.OpenOf(i), out var rest);
                    if (TryReadWholeEnvironment(i + 2, out var environment))
                    {
                        if (rest != null)
                            changed |= AddAlias(rest, environment.Root);
                    }
                    else if (IsBareProcess(i + 2))
                    {
                        foreach (var property in properties)
                        {
                            if (property.Key == "env" && property.Target != null)
                                changed |= AddAlias(property.Target, "process.env");
                        }
                    }
                }
            }
            return changed;
        }

        private bool AddAlias(string name, string root)
        {
            if (_environmentAliases.ContainsKey(name))
                return false;
            _environmentAliases[name] = root;
            return true;
        }

        /// <summary>process.env (or an alias) used whole, not indexed: the source of an alias or a destructuring.</summary>
        private bool TryReadWholeEnvironment(int index, out EnvObject environment) =>
            TryReadEnvObject(index, out environment) && environment.Kind == EnvObjectKind.Environment && !TryReadMemberStep(environment.Next, out _);

        private bool HandsOnWholeEnvironment(int start, int end)
        {
            for (var i = start; i < end; i++)
            {
                if (TryReadEnvObject(i, out var source) && source.Kind == EnvObjectKind.Environment && IsHandedOnWhole(i, source))
                    return true;
            }
            return false;
        }

        /// <summary>process.env (or an alias) passed on as a value: an argument, a property value, a spread.</summary>
        private bool IsHandedOnWhole(int index, EnvObject source)
        {
            var previous = _tokens[index - 1];
            return previous != null && (previous.Kind == TokenKind.Punctuator || previous.Kind == TokenKind.Identifier)
                && ValueContexts.Contains(previous.Text) && !TryReadMemberStep(source.Next, out _);
        }

        private bool IsBareProcess(int index) =>
            _tokens.IsIdentifier(index) && !_tokens.IsPropertyName(index) && _processNames.Contains(_tokens[index]!.Text) && !TryReadMemberStep(index + 1, out _);

        /// <summary>Functions that read the variable named by a parameter: <c>process.env[name]</c> or another such helper called with it.</summary>
        private bool CollectKeyHelpers(List<FunctionDeclaration> functions)
        {
            var changed = false;
            foreach (var function in functions)
            {
                if (_keyHelpers.ContainsKey(function.Name))
                    continue;
                for (var i = function.BodyStart; i < function.BodyEnd; i++)
                {
                    var parameter = ParameterUsedAsKey(i);
                    var index = parameter == null ? -1 : IndexOf(function.Parameters, parameter);
                    if (index >= 0)
                    {
                        _keyHelpers[function.Name] = new KeyHelper(index, "`" + function.Name + "()`");
                        changed = true;
                        break;
                    }
                }
            }
            return changed;
        }

        /// <summary>The name <c>p</c> in <c>process.env[p]</c> or <c>helper(p)</c> (in the helper's key position) at <paramref name="index"/>.</summary>
        private string? ParameterUsedAsKey(int index)
        {
            if (TryReadEnvObject(index, out var environment) && environment.Kind == EnvObjectKind.Environment
                && TryReadMemberStep(environment.Next, out var step) && step.BracketOpen >= 0
                && _tokens.CloseOf(step.BracketOpen) == step.BracketOpen + 2 && _tokens.IsIdentifier(step.BracketOpen + 1))
                return _tokens[step.BracketOpen + 1]!.Text;

            if (TryReadKeyHelperCall(index, out _, out var argumentStart, out var argumentEnd)
                && argumentEnd == argumentStart + 1 && _tokens.IsIdentifier(argumentStart))
                return _tokens[argumentStart]!.Text;
            return null;
        }

        private void FindReads()
        {
            for (var i = 0; i < _tokens.Count; i++)
            {
                if (_inImportStatement[i])
                    continue;
                ReadDestructuring(i);
                ReadMemberOrUse(i);
                ReadKeyHelperCall(i);
                ReadWorkOSAuthKit(i);
                NoteOpaqueFactoryCall(i);
            }
        }

        /// <summary><c>{ A, B: b } = source</c>, with the closing brace at <paramref name="index"/>.</summary>
        private void ReadDestructuring(int index)
        {
            if (!_tokens.IsPunctuator(index, "}") || !_tokens.IsPunctuator(index + 1, "=") || _tokens.OpenOf(index) < 0)
                return;
            if (!TryReadEnvObject(index + 2, out var source) || TryReadMemberStep(source.Next, out _))
                return;
            foreach (var property in DestructuringPattern.Parse(_tokens, _constantStrings, _tokens.OpenOf(index), out _))
                ReadProperty(source, property.Key, property.Line, computed: false, destructured: true);
        }

        private void ReadMemberOrUse(int index)
        {
            if (!TryReadEnvObject(index, out var source))
                return;
            if (TryReadMemberStep(source.Next, out var step))
            {
                if (step.Key != null)
                    ReadProperty(source, step.Key, step.KeyLine, step.IsComputed, destructured: false);
                else if (source.Kind == EnvObjectKind.ImportedModule)
                    MergeModuleReads(source.Import!, step.KeyLine);
                return;
            }

            var isDeclarationOrDestructuringSource = IsVariableKeyword(index - 1)
                || (_tokens.IsPunctuator(index - 1, "=") && _tokens.IsPunctuator(index - 2, "}"));
            if (isDeclarationOrDestructuringSource)
                return;
            if (source.Kind == EnvObjectKind.Environment && IsHandedOnWhole(index, source))
                _passesWholeEnvironment = true;
            var isObjectLiteralKey = _tokens.IsPunctuator(index + 1, ":") && (_tokens.IsPunctuator(index - 1, "{") || _tokens.IsPunctuator(index - 1, ","));
            if (source.Kind == EnvObjectKind.ImportedModule && !isObjectLiteralKey)
                MergeModuleReads(source.Import!, _tokens[index]!.Line);
        }

        private void ReadProperty(EnvObject source, string key, int line, bool computed, bool destructured)
        {
            var import = source.Import;
            switch (source.Kind)
            {
                case EnvObjectKind.Environment:
                    AddRead(key, line, (destructured ? "by destructuring " : "through ") + source.Description + (computed ? " with a computed key" : ""));
                    break;
                case EnvObjectKind.ImportedModule:
                    if (!IsEnvironmentVariableName(key))
                        MergeModuleReads(import!, line);
                    else if (import!.Module!.PassesWholeEnvironment || import.Module.Reads.Any(read => read.Name == key))
                        AddRead(key, line, "through " + Describe(import.Binding));
                    break;
                case EnvObjectKind.EnvironmentDerived:
                    if (IsEnvironmentVariableName(key))
                        AddRead(key, line, "through " + source.Description);
                    break;
                case EnvObjectKind.UnreadableImport:
                    // The module is out of sight; a variable-named property of something called like an env object
                    // is taken as a read (`import { env } from "./_shared/env"; env.WORKOS_CLIENT_ID`).
                    if (IsEnvironmentVariableName(key) && LooksLikeEnvironmentObject(import!.Binding))
                        AddRead(key, line, "through " + Describe(import.Binding),
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
                AddRead(read.Name, line, "through " + Describe(import.Binding));
        }

        private void ReadKeyHelperCall(int index)
        {
            if (!TryReadKeyHelperCall(index, out var helper, out var start, out var end))
                return;
            if (_constantStrings.TryEvaluate(start, end, out var name))
                AddRead(name, _tokens[start]!.Line, "through the helper " + helper.Description);
        }

        /// <summary>A call of a key helper at <paramref name="index"/>, with the token range of the argument that names the variable.</summary>
        private bool TryReadKeyHelperCall(int index, out KeyHelper helper, out int argumentStart, out int argumentEnd)
        {
            argumentStart = argumentEnd = -1;
            helper = null!;
            var token = _tokens[index];
            if (token?.Kind != TokenKind.Identifier || _tokens.IsPropertyName(index) || _tokens.IsIdentifier(index - 1, "function")
                || !_tokens.IsPunctuator(index + 1, "(") || !_keyHelpers.TryGetValue(token.Text, out helper!))
                return false;
            var arguments = _tokens.ListItems(index + 1);
            if (helper.ParameterIndex >= arguments.Count)
                return false;
            (argumentStart, argumentEnd) = arguments[helper.ParameterIndex];
            return true;
        }

        /// <summary>
        /// <c>new AuthKit(…)</c> and <c>x.getAuthConfigProviders()</c> from <c>@convex-dev/workos-authkit</c>:
        /// the component reads WORKOS_CLIENT_ID itself.
        /// </summary>
        private void ReadWorkOSAuthKit(int index)
        {
            var token = _tokens[index]!;
            if (token.IsIdentifier("new") && _tokens.IsIdentifier(index + 1)
                && _imports.TryGetValue(_tokens[index + 1]!.Text, out var constructed)
                && constructed.Kind == ImportKind.WorkOSAuthKit && constructed.Binding.ImportedName == "AuthKit")
            {
                AddRead(WorkOSClientId, token.Line, "by constructing AuthKit from " + ModuleSpecifier.WorkOSAuthKitPackage);
                return;
            }

            if (!token.IsIdentifier("getAuthConfigProviders") || !_tokens.IsPropertyName(index) || !_tokens.IsPunctuator(index + 1, "("))
                return;
            var receiver = _tokens.IsPunctuator(index - 2, "!") ? index - 3 : index - 2;
            if (!_tokens.IsIdentifier(receiver) || _tokens.IsPropertyName(receiver) || !_imports.TryGetValue(_tokens[receiver]!.Text, out var import))
                return;
            if (import.Kind == ImportKind.WorkOSAuthKit)
                AddRead(WorkOSClientId, token.Line, "through " + ModuleSpecifier.WorkOSAuthKitPackage + "'s getAuthConfigProviders()");
            else if (import.Kind == ImportKind.UnreadableModule)
                AddRead(WorkOSClientId, token.Line, "through `" + import.Binding.LocalName + ".getAuthConfigProviders()`",
                    import.Binding.Specifier + " could not be read; getAuthConfigProviders() is the method of "
                    + ModuleSpecifier.WorkOSAuthKitPackage + "'s AuthKit, which reads it");
        }

        private void NoteOpaqueFactoryCall(int index)
        {
            var token = _tokens[index]!;
            if (token.Kind != TokenKind.Identifier || _tokens.IsPropertyName(index) || !_tokens.IsPunctuator(index + 1, "(")
                || !_imports.TryGetValue(token.Text, out var import) || import.Kind != ImportKind.Package)
                return;
            var call = token.Text + "() from " + import.Binding.Specifier;
            if (!_opaqueFactoryCalls.Contains(call))
                _opaqueFactoryCalls.Add(call);
        }

        /// <summary>
        /// An expression that stands for an environment object, starting at <paramref name="index"/>:
        /// <c>process.env</c> (also <c>globalThis.process.env</c>), an alias, the generated env, or a relative import.
        /// </summary>
        private bool TryReadEnvObject(int index, out EnvObject result)
        {
            result = default;
            var token = _tokens[index];
            if (token?.Kind != TokenKind.Identifier || _tokens.IsPropertyName(index) || _inImportStatement[index])
                return false;

            var name = token.Text;
            var processIndex = name == "globalThis" && _tokens.IsPunctuator(index + 1, ".") ? index + 2 : index;
            if (_tokens.IsIdentifier(processIndex) && _processNames.Contains(_tokens[processIndex]!.Text))
            {
                if (!TryReadMemberStep(processIndex + 1, out var step) || step.Key != "env")
                    return false;
                result = new EnvObject(EnvObjectKind.Environment, "process.env", "process.env", null, step.Next);
                return true;
            }
            if (_environmentAliases.TryGetValue(name, out var root))
            {
                result = new EnvObject(EnvObjectKind.Environment, "`" + name + "`, an alias of " + root, root, null, index + 1);
                return true;
            }
            if (_environmentDerived.Contains(name))
            {
                result = new EnvObject(EnvObjectKind.EnvironmentDerived, "`" + name + "`, built from the whole of process.env", "", null, index + 1);
                return true;
            }
            if (!_imports.TryGetValue(name, out var import))
                return false;
            switch (import.Kind)
            {
                case ImportKind.GeneratedEnv:
                    result = new EnvObject(EnvObjectKind.Environment, GeneratedEnv + " (" + import.Binding.Specifier + ")", GeneratedEnv, import, index + 1);
                    return true;
                case ImportKind.RelativeModule:
                    result = new EnvObject(EnvObjectKind.ImportedModule, Describe(import.Binding), "", import, index + 1);
                    return true;
                case ImportKind.UnreadableModule:
                    result = new EnvObject(EnvObjectKind.UnreadableImport, Describe(import.Binding), "", import, index + 1);
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>
        /// A property access at <paramref name="index"/>: <c>.X</c>, <c>?.X</c>, <c>[key]</c> or <c>?.[key]</c>,
        /// after any TypeScript non-null assertions. A bracket key that is not constant gives a null <see cref="MemberStep.Key"/>.
        /// </summary>
        private bool TryReadMemberStep(int index, out MemberStep step)
        {
            step = default;
            var i = index;
            while (_tokens.IsPunctuator(i, "!") && (_tokens.IsPunctuator(i + 1, ".") || _tokens.IsPunctuator(i + 1, "?.") || _tokens.IsPunctuator(i + 1, "[")))
                i++;
            if ((_tokens.IsPunctuator(i, ".") || _tokens.IsPunctuator(i, "?.")) && _tokens.IsIdentifier(i + 1))
            {
                var property = _tokens[i + 1]!;
                step = new MemberStep(property.Text, property.Line, i + 2, -1, isComputed: false);
                return true;
            }
            var open = _tokens.IsPunctuator(i, "?.") && _tokens.IsPunctuator(i + 1, "[") ? i + 1 : _tokens.IsPunctuator(i, "[") ? i : -1;
            var close = _tokens.CloseOf(open);
            if (open < 0 || close < 0)
                return false;
            var key = _constantStrings.TryEvaluate(open + 1, close, out var value) ? value : null;
            var isLiteral = close == open + 2 && (_tokens[open + 1]!.Kind == TokenKind.String || _tokens[open + 1]!.Kind == TokenKind.Template);
            step = new MemberStep(key, _tokens[open + 1]!.Line, close + 1, open, isComputed: !isLiteral);
            return true;
        }

        private void AddRead(string name, int line, string via, string? assumption = null) =>
            _reads.Add(new EnvRead(name, line, via, assumption));

        private ModuleAnalysis BuildAnalysis()
        {
            var exports = CollectExports();
            var exportedAliases = exports.Where(export => _environmentAliases.ContainsKey(export.Value)).Select(export => export.Key).ToList();
            var exportedHelpers = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var export in exports)
            {
                if (_keyHelpers.TryGetValue(export.Value, out var helper))
                    exportedHelpers[export.Key] = helper.ParameterIndex;
            }
            return new ModuleAnalysis(_reads, _passesWholeEnvironment, exportedAliases, exportedHelpers, _opaqueFactoryCalls);
        }

        /// <summary>Exported name → local name, for <c>export const|let|var|function x</c>, <c>export default x</c> and <c>export { a as b }</c>.</summary>
        private Dictionary<string, string> CollectExports()
        {
            var exports = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < _tokens.Count; i++)
            {
                if (!_tokens.IsIdentifier(i, "export") || _tokens.IsPropertyName(i))
                    continue;
                var next = i + 1;
                var isDefault = _tokens.IsIdentifier(next, "default");
                if (isDefault)
                    next++;
                if (_tokens.IsIdentifier(next, "async"))
                    next++;
                if (IsVariableKeyword(next) || _tokens.IsIdentifier(next, "function"))
                {
                    var nameIndex = _tokens.IsPunctuator(next + 1, "*") ? next + 2 : next + 1;
                    if (_tokens.IsIdentifier(nameIndex))
                        exports[isDefault ? ImportBinding.Default : _tokens[nameIndex]!.Text] = _tokens[nameIndex]!.Text;
                }
                else if (isDefault && _tokens.IsIdentifier(next) && _tokens.IsExpressionEnd(next + 1))
                    exports[ImportBinding.Default] = _tokens[next]!.Text;
                else if (_tokens.IsPunctuator(next, "{") && !_tokens.IsIdentifier(_tokens.SkipGroup(next), "from"))
                {
                    foreach (var (start, _) in _tokens.ListItems(next))
                    {
                        if (!_tokens.IsIdentifier(start))
                            continue;
                        var local = _tokens[start]!.Text;
                        var exported = _tokens.IsIdentifier(start + 1, "as") && _tokens[start + 2] != null ? _tokens[start + 2]!.Text : local;
                        exports[exported] = local;
                    }
                }
            }
            return exports;
        }

        private bool IsVariableKeyword(int index) =>
            _tokens.IsIdentifier(index, "const") || _tokens.IsIdentifier(index, "let") || _tokens.IsIdentifier(index, "var");

        private static string Describe(ImportBinding binding) => "`" + binding.LocalName + "` from " + binding.Specifier;

        private static bool LooksLikeEnvironmentObject(ImportBinding binding) =>
            ContainsEnv(binding.LocalName) || ContainsEnv(binding.ImportedName) || ContainsEnv(binding.Specifier.Substring(binding.Specifier.LastIndexOf('/') + 1));

        private static bool ContainsEnv(string text) => text.IndexOf("env", StringComparison.OrdinalIgnoreCase) >= 0;

        /// <summary>UPPER_SNAKE_CASE, the shape of environment variable names.</summary>
        private static bool IsEnvironmentVariableName(string name) =>
            name.Length > 0 && !char.IsDigit(name[0]) && name.Any(c => c >= 'A' && c <= 'Z')
            && name.All(c => (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_');

        private static int IndexOf(IReadOnlyList<string?> parameters, string name)
        {
            for (var i = 0; i < parameters.Count; i++)
            {
                if (parameters[i] == name)
                    return i;
            }
            return -1;
        }

        private sealed class ResolvedImport
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
        }

        private sealed class KeyHelper
        {
            public KeyHelper(int parameterIndex, string description)
            {
                ParameterIndex = parameterIndex;
                Description = description;
            }

            public int ParameterIndex { get; }
            public string Description { get; }
        }

        private readonly struct EnvObject
        {
            public EnvObject(EnvObjectKind kind, string description, string root, ResolvedImport? import, int next)
            {
                Kind = kind;
                Description = description;
                Root = root;
                Import = import;
                Next = next;
            }

            public EnvObjectKind Kind { get; }

            /// <summary>How a read through it is phrased: "process.env", "`env`, an alias of process.env".</summary>
            public string Description { get; }

            /// <summary>What it ultimately is, for aliases of it: "process.env", "the Convex-generated env object".</summary>
            public string Root { get; }

            public ResolvedImport? Import { get; }

            /// <summary>The token after the expression.</summary>
            public int Next { get; }
        }

        private readonly struct MemberStep
        {
            public MemberStep(string? key, int keyLine, int next, int bracketOpen, bool isComputed)
            {
                Key = key;
                KeyLine = keyLine;
                Next = next;
                BracketOpen = bracketOpen;
                IsComputed = isComputed;
            }

            /// <summary>The property name, or null for a bracket key that is not a constant string.</summary>
            public string? Key { get; }
            public int KeyLine { get; }
            public int Next { get; }

            /// <summary>The '[' of a bracket access, or -1 for a dotted one.</summary>
            public int BracketOpen { get; }

            /// <summary>The key was built (concatenation, a constant's name, a template with substitutions), not written out.</summary>
            public bool IsComputed { get; }
        }
    }
}
