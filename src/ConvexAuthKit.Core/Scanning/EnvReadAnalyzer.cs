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
    /// </summary>
    internal sealed class EnvReadAnalyzer
    {
        public const string WorkOSClientId = "WORKOS_CLIENT_ID";

        // Declarations can refer to ones further down (function bodies run later), so they are collected in
        // passes until nothing new turns up; real files settle in two.
        private const int MaxDeclarationPasses = 5;

        // Tokens after which a bare process.env is handed on as a value (an argument, a property, a spread).
        private static readonly HashSet<string> ValueContexts = new HashSet<string>
        {
            "(", ",", ":", "...", "[", "return", "=>", "?", "||", "??", "&&",
        };

        private readonly TokenStream _tokens;
        private readonly Dictionary<string, string> _constants = new Dictionary<string, string>(StringComparer.Ordinal);
        private readonly Dictionary<string, IReadOnlyList<string>> _constantArrays = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        private readonly ConstantStringEvaluator _constantStrings;
        private readonly ModuleImports _imports;
        private readonly EnvironmentObjects _env;
        private readonly Dictionary<string, KeyHelper> _keyHelpers;

        // Token indices of key expressions and helper calls that belong to a helper's body: its callers decide them.
        private readonly HashSet<int> _helperSites = new HashSet<int>();
        private readonly List<EnvRead> _reads = new List<EnvRead>();
        private readonly List<UndecidableSpot> _undecidable = new List<UndecidableSpot>();
        private readonly List<string> _opaqueFactoryCalls = new List<string>();
        private bool _passesWholeEnvironment;

        // Key expressions a module may evaluate for helper calls in all: helpers calling helpers multiply the work,
        // and a file built to exhaust it gets "undecidable" instead of a hang.
        private int _helperBudget = 200_000;

        // Enumerations each search the code after them; past this many the rest are reported, not searched.
        private const int MaxEnumerations = 100;
        private int _enumerations;

        // Only the first spots are ever shown; a file with thousands adds nothing but work.
        private const int MaxUndecidableSpots = 100;

        private EnvReadAnalyzer(IReadOnlyList<Token> tokens, Func<string, ModuleAnalysis?>? analyzeImport)
        {
            _tokens = new TokenStream(tokens);
            _constantStrings = new ConstantStringEvaluator(_tokens, _constants, _constantArrays);
            _imports = ModuleImports.Resolve(_tokens, analyzeImport);
            _env = new EnvironmentObjects(_tokens, _imports, _constantStrings);
            _keyHelpers = new Dictionary<string, KeyHelper>(_imports.KeyHelpers, StringComparer.Ordinal);
        }

        /// <summary>
        /// Analyses one module. <paramref name="analyzeImport"/> returns the analysis of a relative import
        /// specifier, or null when the module cannot be read; without it every relative import is unreadable.
        /// </summary>
        public static ModuleAnalysis Analyze(IReadOnlyList<Token> tokens, Func<string, ModuleAnalysis?>? analyzeImport)
        {
            var analyzer = new EnvReadAnalyzer(tokens, analyzeImport);
            analyzer.NoteShadowedProcess();
            var functions = FunctionDeclarations.Find(analyzer._tokens);
            for (var pass = 0; pass < MaxDeclarationPasses; pass++)
            {
                // '|' rather than '||': every collector must run on every pass.
                if (!(analyzer.CollectConstants() | analyzer.CollectAliases() | analyzer.CollectKeyHelpers(functions)))
                    break;
            }
            analyzer.FindReads(functions);
            return analyzer.BuildAnalysis();
        }

        /// <summary>A module that declares its own <c>process</c> does not mean Node's.</summary>
        private void NoteShadowedProcess()
        {
            for (var i = 0; i + 1 < _tokens.Count; i++)
            {
                if (_tokens.IsIdentifier(i + 1, "process") && (IsVariableKeyword(i) || _tokens.IsIdentifier(i, "function") || _tokens.IsIdentifier(i, "class")))
                    _env.ProcessNames.Remove("process");
            }
        }

        /// <summary><c>const NAME = 'constant' + 'string'</c>, <c>const PARTS = ['WORKOS', 'CLIENT_ID']</c>.</summary>
        private bool CollectConstants()
        {
            var changed = false;
            for (var i = 0; i < _tokens.Count; i++)
            {
                if (!_tokens.IsIdentifier(i, "const") || !_tokens.IsIdentifier(i + 1))
                    continue;
                var equals = _tokens.SkipTypeAnnotationTo(i + 2, "=");
                if (equals < 0)
                    continue;
                var name = _tokens[i + 1]!.Text;
                if (_constantStrings.TryParse(equals + 1, out var value, out var next) && _tokens.IsExpressionEnd(next))
                {
                    if (!_constants.TryGetValue(name, out var known) || known != value)
                    {
                        _constants[name] = value;
                        changed = true;
                    }
                }
                else if (!_constantArrays.ContainsKey(name) && _constantStrings.TryParseArray(equals + 1, out var items, out next) && _tokens.IsExpressionEnd(next))
                {
                    _constantArrays[name] = items;
                    changed = true;
                }
            }
            return changed;
        }

        /// <summary>
        /// <c>const env = process.env</c>, <c>const env = { ...process.env }</c>, <c>const { A, ...rest } = process.env</c>,
        /// <c>const { env } = process</c>, and locals built from the whole environment.
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
                    if (_env.TryReadWhole(equals + 1, out var environment) || TryReadEnvironmentCopy(equals + 1, out environment))
                        changed |= _env.AddAlias(name, environment.Root);
                    else if (!_env.Derived.Contains(name) && HandsOnWholeEnvironment(equals + 1, _tokens.EndOfExpression(equals + 1)))
                        changed |= _env.Derived.Add(name);
                }
                else if (_tokens.IsPunctuator(i, "}") && _tokens.IsPunctuator(i + 1, "=") && _tokens.OpenOf(i) >= 0)
                {
                    var properties = DestructuringPattern.Parse(_tokens, _constantStrings, _tokens.OpenOf(i), out var rest);
                    if (_env.TryReadWhole(i + 2, out var environment))
                    {
                        if (rest != null)
                            changed |= _env.AddAlias(rest, environment.Root);
                    }
                    else if (_env.IsBareProcess(i + 2))
                    {
                        foreach (var property in properties)
                        {
                            if (property.Key == "env" && property.Target != null)
                                changed |= _env.AddAlias(property.Target, "process.env");
                        }
                    }
                }
            }
            return changed;
        }

        /// <summary><c>{ ...process.env }</c> or <c>{ ...process.env, X: "" }</c> as an initializer: a copy, so an alias.</summary>
        private bool TryReadEnvironmentCopy(int open, out EnvObject environment)
        {
            environment = default;
            if (!_tokens.IsPunctuator(open, "{") || !_tokens.IsExpressionEnd(_tokens.SkipGroup(open)))
                return false;
            foreach (var (start, end) in _tokens.ListItems(open))
            {
                if (_tokens.IsPunctuator(start, "...") && _env.TryReadWhole(start + 1, out environment) && environment.Next == end)
                    return true;
            }
            return false;
        }

        private bool HandsOnWholeEnvironment(int start, int end)
        {
            for (var i = start; i < end; i++)
            {
                if (_env.TryRead(i, out var source) && source.Kind == EnvObjectKind.Environment && IsHandedOnWhole(i, source))
                    return true;
            }
            return false;
        }

        /// <summary>process.env (or an alias) passed on as a value: an argument, a property value, a spread.</summary>
        private bool IsHandedOnWhole(int index, EnvObject source)
        {
            var previous = _tokens[index - 1];
            return previous != null && (previous.Kind == TokenKind.Punctuator || previous.Kind == TokenKind.Identifier)
                && ValueContexts.Contains(previous.Text) && !_env.TryReadMemberStep(source.Next, out _);
        }

        /// <summary>
        /// Functions that read a variable named by their parameters: <c>process.env[name]</c>,
        /// <c>process.env["WORKOS_" + suffix]</c>, or another such helper called with a parameter.
        /// </summary>
        private bool CollectKeyHelpers(List<FunctionDeclaration> functions)
        {
            var changed = false;
            foreach (var function in functions)
            {
                if (_keyHelpers.ContainsKey(function.Name))
                    continue;
                var keySites = new List<(int Start, int End)>();
                var callSites = new List<(KeyHelper Helper, List<(int Start, int End)> Arguments)>();
                var siteIndices = new List<int>();
                for (var i = function.BodyStart; i < function.BodyEnd; i++)
                {
                    if (TryReadComputedKey(i, out var open) && ReferencesAny(open + 1, _tokens.CloseOf(open), function.Parameters))
                    {
                        keySites.Add((open + 1, _tokens.CloseOf(open)));
                        siteIndices.Add(open);
                    }
                    else if (TryReadKeyHelperCall(i, out var helper, out var arguments) && helper != null
                        && arguments.Any(argument => ReferencesAny(argument.Start, argument.End, function.Parameters)))
                    {
                        callSites.Add((helper, arguments));
                        siteIndices.Add(i);
                    }
                }
                if (keySites.Count == 0 && callSites.Count == 0)
                    continue;
                _keyHelpers[function.Name] = new KeyHelper("`" + function.Name + "()`", (values, depth) => KeysFor(function.Parameters, values, depth, keySites, callSites));
                _helperSites.UnionWith(siteIndices);
                changed = true;
            }
            return changed;
        }

        /// <summary>The names one call of a helper reads: its key expressions with the parameters bound to the call's constant arguments.</summary>
        private IReadOnlyList<string>? KeysFor(
            IReadOnlyList<string?> parameters, IReadOnlyList<string?> values, int depth,
            List<(int Start, int End)> keySites, List<(KeyHelper Helper, List<(int Start, int End)> Arguments)> callSites)
        {
            var bindings = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var p = 0; p < parameters.Count && p < values.Count; p++)
            {
                if (parameters[p] != null && values[p] != null)
                    bindings[parameters[p]!] = values[p]!;
            }
            _helperBudget -= keySites.Count + callSites.Count + 1;
            if (_helperBudget < 0)
                return null;
            var evaluator = _constantStrings.With(bindings);
            var keys = new List<string>();
            foreach (var (start, end) in keySites)
            {
                if (!evaluator.TryEvaluate(start, end, out var key))
                    return null;
                keys.Add(key);
            }
            foreach (var (helper, arguments) in callSites)
            {
                var inner = helper.KeysFor(ArgumentValues(evaluator, arguments), depth + 1);
                if (inner == null)
                    return null;
                keys.AddRange(inner);
            }
            return keys;
        }

        private static List<string?> ArgumentValues(ConstantStringEvaluator evaluator, List<(int Start, int End)> arguments) =>
            arguments.Select(argument => evaluator.TryEvaluate(argument.Start, argument.End, out var value) ? value : null).ToList();

        /// <summary><c>E[key]</c> on an environment object at <paramref name="index"/> with a key that is not constant; <paramref name="open"/> is its '['.</summary>
        private bool TryReadComputedKey(int index, out int open)
        {
            open = -1;
            if (!_env.TryRead(index, out var environment) || environment.Kind != EnvObjectKind.Environment
                || !_env.TryReadMemberStep(environment.Next, out var step) || step.BracketOpen < 0 || step.Key != null)
                return false;
            open = step.BracketOpen;
            return true;
        }

        private bool ReferencesAny(int start, int end, IReadOnlyList<string?> names)
        {
            for (var i = start; i < end; i++)
            {
                if (_tokens.IsIdentifier(i) && !_tokens.IsPropertyName(i) && names.Contains(_tokens[i]!.Text))
                    return true;
            }
            return false;
        }

        private void FindReads(List<FunctionDeclaration> functions)
        {
            foreach (var (module, specifier, line) in _imports.Modules)
            {
                foreach (var spot in module.Undecidable)
                    AddUndecidable(line, "imports " + specifier + ", where " + spot.Reason);
            }
            for (var i = 0; i < _tokens.Count; i++)
            {
                if (_imports.InImportStatement[i])
                    continue;
                ReadDestructuring(i);
                ReadMemberOrUse(i);
                ReadKeyHelperCall(i, functions);
                ReadWorkOSAuthKit(i);
                NoteOpaqueCode(i);
            }
        }

        /// <summary><c>{ A, B: b } = source</c>, with the closing brace at <paramref name="index"/>.</summary>
        private void ReadDestructuring(int index)
        {
            if (!_tokens.IsPunctuator(index, "}") || !_tokens.IsPunctuator(index + 1, "=") || _tokens.OpenOf(index) < 0)
                return;
            if (!_env.TryRead(index + 2, out var source) || _env.TryReadMemberStep(source.Next, out _))
                return;
            foreach (var property in DestructuringPattern.Parse(_tokens, _constantStrings, _tokens.OpenOf(index), out _))
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
                else if (source.Kind == EnvObjectKind.Environment && !_helperSites.Contains(step.BracketOpen))
                    AddUndecidable(step.KeyLine, "reads " + source.Description + " with a key it cannot work out");
                return;
            }

            var isDeclarationOrDestructuringSource = IsVariableKeyword(index - 1)
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
                AddUndecidable(line, "enumerates " + source.Description + " more often than this scan follows");
                return;
            }
            if (EnvEnumeration.TryRead(_tokens, _constantStrings, index, source.Next, out var use) && ++_enumerations > 0)
            {
                foreach (var (name, comparedAt) in use!.ComparedNames)
                    AddRead(name, comparedAt, "by enumerating " + source.Description + " and comparing the names with \"" + name + "\"");
                if (!use.TiedToNames)
                    AddUndecidable(line, "enumerates " + source.Description + " without tying the names to a literal");
                return;
            }
            if (IsAliasCopy(index))
                return;
            if (IsHandedOnWhole(index, source))
            {
                _passesWholeEnvironment = true;
                AddUndecidable(line, "hands " + source.Description + " whole to other code");
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
                && IsVariableKeyword(equals - 2) && _env.Aliases.ContainsKey(_tokens[equals - 1]!.Text);
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
                    if (!EnvEnumeration.IsEnvironmentVariableName(key))
                        MergeModuleReads(import!, line);
                    else if (import!.Module!.PassesWholeEnvironment || import.Module.Reads.Any(read => read.Name == key))
                        AddRead(key, line, "through " + EnvironmentObjects.Describe(import.Binding));
                    break;
                case EnvObjectKind.EnvironmentDerived:
                    if (EnvEnumeration.IsEnvironmentVariableName(key))
                        AddRead(key, line, "through " + source.Description);
                    break;
                case EnvObjectKind.UnreadableImport:
                    // The module is out of sight; a variable-named property of something called like an env object
                    // is taken as a read (`import { env } from "./_shared/env"; env.WORKOS_CLIENT_ID`).
                    if (EnvEnumeration.IsEnvironmentVariableName(key) && LooksLikeEnvironmentObject(import!.Binding))
                        AddRead(key, line, "through " + EnvironmentObjects.Describe(import.Binding),
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
                AddRead(read.Name, line, "through " + EnvironmentObjects.Describe(import.Binding));
        }

        /// <summary>A call of a key helper: its arguments folded, the names it reads added; a key it cannot fold is undecidable.</summary>
        private void ReadKeyHelperCall(int index, List<FunctionDeclaration> functions)
        {
            if (_helperSites.Contains(index) || !TryReadKeyHelperCall(index, out var helper, out var arguments))
                return;
            var line = _tokens[index]!.Line;
            if (helper == null)
            {
                AddUndecidable(line, "passes the helper `" + _tokens[index]!.Text + "` on as a value");
                return;
            }
            var keys = helper.KeysFor(ArgumentValues(_constantStrings, arguments));
            if (keys == null)
            {
                AddUndecidable(line, "calls " + helper.Description + " with a name it cannot work out");
                return;
            }
            foreach (var key in keys)
                AddRead(key, line, "through the helper " + helper.Description);
        }

        /// <summary>
        /// A use of a key helper at <paramref name="index"/>: a call (with its argument ranges), or (null helper) a
        /// reference that hands the helper on as a value, e.g. <c>names.map(readEnv)</c>.
        /// </summary>
        private bool TryReadKeyHelperCall(int index, out KeyHelper? helper, out List<(int Start, int End)> arguments)
        {
            arguments = new List<(int, int)>();
            helper = null;
            var token = _tokens[index];
            if (token?.Kind != TokenKind.Identifier || _tokens.IsPropertyName(index) || !_keyHelpers.TryGetValue(token.Text, out var found))
                return false;
            if (_tokens.IsPunctuator(index + 1, "("))
            {
                if (_tokens.IsIdentifier(index - 1, "function"))
                    return false;
                helper = found;
                arguments = _tokens.ListItems(index + 1);
                return true;
            }
            // Declarations, exports and object keys are not uses.
            var previous = _tokens[index - 1];
            var isDeclarationOrExport = previous != null && (IsVariableKeyword(index - 1) || previous.IsIdentifier("function")
                || previous.IsIdentifier("export") || previous.IsIdentifier("default") || previous.IsIdentifier("as")
                || _tokens.IsIdentifier(index + 1, "as") || _tokens.IsPunctuator(index + 1, ":") || _tokens.IsPunctuator(index + 1, "=")
                || IsInExportList(index));
            return !isDeclarationOrExport && (_tokens.IsPunctuator(index - 1, "(") || _tokens.IsPunctuator(index - 1, ","));
        }

        private bool IsInExportList(int index)
        {
            var open = EnvEnumeration.EnclosingOpen(_tokens, index);
            return _tokens.IsPunctuator(open, "{") && _tokens.IsIdentifier(open - 1, "export");
        }

        /// <summary>
        /// <c>new AuthKit(…)</c> and <c>x.getAuthConfigProviders()</c> from <c>@convex-dev/workos-authkit</c>:
        /// the component reads WORKOS_CLIENT_ID itself.
        /// </summary>
        private void ReadWorkOSAuthKit(int index)
        {
            var token = _tokens[index]!;
            if (token.IsIdentifier("new") && _tokens.IsIdentifier(index + 1)
                && _imports.Imports.TryGetValue(_tokens[index + 1]!.Text, out var constructed)
                && constructed.Kind == ImportKind.WorkOSAuthKit && constructed.Binding.ImportedName == "AuthKit")
            {
                AddRead(WorkOSClientId, token.Line, "by constructing AuthKit from " + ModuleSpecifier.WorkOSAuthKitPackage);
                return;
            }

            if (!token.IsIdentifier("getAuthConfigProviders") || !_tokens.IsPropertyName(index) || !_tokens.IsPunctuator(index + 1, "("))
                return;
            var receiver = _tokens.IsPunctuator(index - 2, "!") ? index - 3 : index - 2;
            if (!_tokens.IsIdentifier(receiver) || _tokens.IsPropertyName(receiver) || !_imports.Imports.TryGetValue(_tokens[receiver]!.Text, out var import))
                return;
            if (import.Kind == ImportKind.WorkOSAuthKit)
                AddRead(WorkOSClientId, token.Line, "through " + ModuleSpecifier.WorkOSAuthKitPackage + "'s getAuthConfigProviders()");
            else if (import.Kind == ImportKind.UnreadableModule)
                AddRead(WorkOSClientId, token.Line, "through `" + import.Binding.LocalName + ".getAuthConfigProviders()`",
                    import.Binding.Specifier + " could not be read; getAuthConfigProviders() is the method of "
                    + ModuleSpecifier.WorkOSAuthKitPackage + "'s AuthKit, which reads it");
        }

        /// <summary>
        /// Code the scan cannot see into: a call or construction of something from a package (other than Convex's
        /// own), a dynamic <c>import()</c>, a <c>require()</c> that is not a plain binding.
        /// </summary>
        private void NoteOpaqueCode(int index)
        {
            var token = _tokens[index]!;
            if (token.Kind != TokenKind.Identifier || _tokens.IsPropertyName(index))
                return;
            if ((token.Text == "import" || token.Text == "require") && _tokens.IsPunctuator(index + 1, "("))
            {
                var what = token.Text == "import" ? "a dynamic import()" : "a require() call";
                AddUndecidable(token.Line, "loads code through " + what + " that this scan does not follow");
                return;
            }
            if (!_imports.Imports.TryGetValue(token.Text, out var import) || import.Kind != ImportKind.Package || import.IsKnownPackage)
                return;
            // f(…), new F(…), ns.f(…)
            var member = _tokens.IsPunctuator(index + 1, ".") && _tokens.IsIdentifier(index + 2) ? index + 2 : index;
            var isCall = _tokens.IsPunctuator(member + 1, "(") || _tokens.IsIdentifier(index - 1, "new");
            if (!isCall)
                return;
            var call = (member == index ? token.Text : token.Text + "." + _tokens[member]!.Text) + "() from " + import.Binding.Specifier;
            if (_opaqueFactoryCalls.Contains(call))
                return;
            _opaqueFactoryCalls.Add(call);
            AddUndecidable(token.Line, "calls " + call + ", which this scan does not look into");
        }

        private void AddRead(string name, int line, string via, string? assumption = null) =>
            _reads.Add(new EnvRead(name, line, via, assumption));

        private void AddUndecidable(int line, string reason)
        {
            if (_undecidable.Count < MaxUndecidableSpots)
                _undecidable.Add(new UndecidableSpot(line, reason));
        }

        private ModuleAnalysis BuildAnalysis()
        {
            var exports = ExportCollector.Collect(_tokens);
            var exportedAliases = exports.Where(export => _env.Aliases.ContainsKey(export.Value)).Select(export => export.Key).ToList();
            var exportedHelpers = new Dictionary<string, KeyHelper>(StringComparer.Ordinal);
            foreach (var export in exports)
            {
                if (_keyHelpers.TryGetValue(export.Value, out var helper))
                    exportedHelpers[export.Key] = helper;
            }
            return new ModuleAnalysis(_reads, _passesWholeEnvironment, exportedAliases, exportedHelpers, _opaqueFactoryCalls,
                _undecidable.OrderBy(spot => spot.Line).ToList(), WorkOSClientIdMentionLine());
        }

        /// <summary>The fallback's evidence: WORKOS_CLIENT_ID as a whole string or an identifier, here or in an imported module.</summary>
        private int WorkOSClientIdMentionLine()
        {
            for (var i = 0; i < _tokens.Count; i++)
            {
                var token = _tokens[i]!;
                if ((token.Kind == TokenKind.Identifier || token.IsStringLike) && token.Text == WorkOSClientId)
                    return token.Line;
            }
            foreach (var (module, _, line) in _imports.Modules)
            {
                if (module.WorkOSClientIdMentionLine > 0)
                    return line;
            }
            return 0;
        }

        private bool IsVariableKeyword(int index) => ExportCollector.IsVariableKeyword(_tokens, index);

        private static bool LooksLikeEnvironmentObject(ImportBinding binding) =>
            ContainsEnv(binding.LocalName) || ContainsEnv(binding.ImportedName) || ContainsEnv(binding.Specifier.Substring(binding.Specifier.LastIndexOf('/') + 1));

        private static bool ContainsEnv(string text) => text.IndexOf("env", StringComparison.OrdinalIgnoreCase) >= 0;
    }
}
