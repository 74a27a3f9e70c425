using System;
using System.Collections.Generic;

namespace ConvexAuthKit.Scanning
{
    internal enum EnvObjectKind
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
    /// Recognises expressions that stand for an environment object: <c>process.env</c> (also through
    /// <c>globalThis.process?.env</c> and an imported <c>process</c>), its aliases, locals built from it, the
    /// Convex-generated env and bindings of relative modules; and the property access that follows one.
    /// </summary>
    internal sealed class EnvironmentObjects
    {
        private const string GeneratedEnv = "the Convex-generated env object";

        // Tokens after which a bare process.env is handed on as a value (an argument, a property, a spread).
        private static readonly HashSet<string> ValueContexts = new HashSet<string>
        {
            "(", ",", ":", "...", "[", "return", "=>", "?", "||", "??", "&&",
        };

        private readonly TokenStream _tokens;
        private readonly ModuleImports _imports;
        private readonly ConstantStringEvaluator _constants;

        public EnvironmentObjects(TokenStream tokens, ModuleImports imports, ConstantStringEvaluator constants)
        {
            _tokens = tokens;
            _imports = imports;
            _constants = constants;
            foreach (var alias in imports.EnvironmentAliases)
                Aliases[alias.Key] = alias.Value;
            ForgetShadowedProcess();
        }

        /// <summary>Local name → what it aliases ("process.env", "the Convex-generated env object").</summary>
        public Dictionary<string, string> Aliases { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

        /// <summary>Locals built from the whole of process.env (<c>const env = createEnv({ runtimeEnv: process.env })</c>).</summary>
        public HashSet<string> Derived { get; } = new HashSet<string>(StringComparer.Ordinal);

        public HashSet<string> ProcessNames => _imports.ProcessNames;

        public bool AddAlias(string name, string root)
        {
            if (Aliases.ContainsKey(name))
                return false;
            Aliases[name] = root;
            return true;
        }

        /// <summary>A module that declares its own <c>process</c> does not mean Node's.</summary>
        private void ForgetShadowedProcess()
        {
            for (var i = 0; i + 1 < _tokens.Count; i++)
            {
                if (_tokens.IsIdentifier(i + 1, "process") && (_tokens.IsVariableKeyword(i) || _tokens.IsIdentifier(i, "function") || _tokens.IsIdentifier(i, "class")))
                    ProcessNames.Remove("process");
            }
        }

        /// <summary>An expression that stands for an environment object, starting at <paramref name="index"/>.</summary>
        public bool TryRead(int index, out EnvObject result)
        {
            result = default;
            var token = _tokens[index];
            if (token?.Kind != TokenKind.Identifier || _tokens.IsPropertyName(index) || _imports.InImportStatement[index])
                return false;

            var name = token.Text;
            var processIndex = IsGlobalObject(name) && (_tokens.IsPunctuator(index + 1, ".") || _tokens.IsPunctuator(index + 1, "?.")) ? index + 2 : index;
            if (_tokens.IsIdentifier(processIndex) && ProcessNames.Contains(_tokens[processIndex]!.Text))
            {
                if (!TryReadMemberStep(processIndex + 1, out var step) || step.Key != "env")
                    return false;
                result = new EnvObject(EnvObjectKind.Environment, "process.env", "process.env", null, step.Next);
                return true;
            }
            if (Aliases.TryGetValue(name, out var root))
            {
                result = new EnvObject(EnvObjectKind.Environment, "`" + name + "`, an alias of " + root, root, null, index + 1);
                return true;
            }
            if (Derived.Contains(name))
            {
                result = new EnvObject(EnvObjectKind.EnvironmentDerived, "`" + name + "`, built from the whole of process.env", "", null, index + 1);
                return true;
            }
            if (!_imports.Imports.TryGetValue(name, out var import))
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

        /// <summary>process.env (or an alias) used whole, not indexed: the source of an alias or a destructuring.</summary>
        public bool TryReadWhole(int index, out EnvObject environment) =>
            TryRead(index, out environment) && environment.Kind == EnvObjectKind.Environment && !TryReadMemberStep(environment.Next, out _);

        public bool IsBareProcess(int index) =>
            _tokens.IsIdentifier(index) && !_tokens.IsPropertyName(index) && ProcessNames.Contains(_tokens[index]!.Text) && !TryReadMemberStep(index + 1, out _);

        /// <summary>
        /// A property access at <paramref name="index"/>: <c>.X</c>, <c>?.X</c>, <c>[key]</c> or <c>?.[key]</c>,
        /// after any TypeScript non-null assertions. A bracket key that is not constant gives a null <see cref="MemberStep.Key"/>.
        /// </summary>
        public bool TryReadMemberStep(int index, out MemberStep step)
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
            var key = _constants.TryEvaluate(open + 1, close, out var value) ? value : null;
            var isLiteral = close == open + 2 && (_tokens[open + 1]!.Kind == TokenKind.String || _tokens[open + 1]!.Kind == TokenKind.Template);
            step = new MemberStep(key, _tokens[open + 1]?.Line ?? _tokens[open]!.Line, close + 1, open, isComputed: !isLiteral);
            return true;
        }

        /// <summary>process.env (or an alias) passed on as a value: an argument, a property value, a spread.</summary>
        public bool IsHandedOnWhole(int index, EnvObject source)
        {
            var previous = _tokens[index - 1];
            return previous != null && (previous.Kind == TokenKind.Punctuator || previous.Kind == TokenKind.Identifier)
                && ValueContexts.Contains(previous.Text) && !TryReadMemberStep(source.Next, out _);
        }

        public static string Describe(ImportBinding binding) => "`" + binding.LocalName + "` from " + binding.Specifier;

        // `globalThis.process`, and Node's older `global.process`.
        private static bool IsGlobalObject(string name) => name == "globalThis" || name == "global";
    }

    internal readonly struct EnvObject
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

    internal readonly struct MemberStep
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
