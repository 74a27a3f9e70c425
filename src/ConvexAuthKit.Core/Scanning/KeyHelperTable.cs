using System;
using System.Collections.Generic;
using System.Linq;

namespace ConvexAuthKit.Scanning
{
    /// <summary>
    /// The key helpers a module can call: those it imports and the functions found to read a variable named by
    /// their parameters (<c>process.env[name]</c>, <c>process.env["WORKOS_" + suffix]</c>, or another helper called
    /// with a parameter). Also remembers the key expressions and calls inside helper bodies: a helper's callers
    /// decide those, so the body's own reading of them is not a read.
    /// </summary>
    internal sealed class KeyHelperTable
    {
        private readonly TokenStream _tokens;
        private readonly EnvironmentObjects _env;
        private readonly ConstantStringEvaluator _constantStrings;
        private readonly Dictionary<string, KeyHelper> _helpers;

        // Token indices of key expressions and helper calls that belong to a helper's body.
        private readonly HashSet<int> _helperSites = new HashSet<int>();

        // Key expressions a module may evaluate for helper calls in all: helpers calling helpers multiply the work,
        // and a file built to exhaust it gets "undecidable" instead of a hang.
        private int _helperBudget = 200_000;

        public KeyHelperTable(TokenStream tokens, EnvironmentObjects env, ConstantStringEvaluator constantStrings, IReadOnlyDictionary<string, KeyHelper> imported)
        {
            _tokens = tokens;
            _env = env;
            _constantStrings = constantStrings;
            _helpers = new Dictionary<string, KeyHelper>(StringComparer.Ordinal);
            foreach (var helper in imported)
                _helpers[helper.Key] = helper.Value;
        }

        public bool TryGet(string name, out KeyHelper helper) => _helpers.TryGetValue(name, out helper!);

        /// <summary>True for a key expression's '[' or a helper call inside a helper's body.</summary>
        public bool IsHelperSite(int index) => _helperSites.Contains(index);

        /// <summary>One sweep over the functions (a step of <see cref="DeclarationPasses"/>); true when it found a new helper.</summary>
        public bool Collect(IReadOnlyList<FunctionDeclaration> functions)
        {
            var changed = false;
            foreach (var function in functions)
            {
                if (_helpers.ContainsKey(function.Name))
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
                    else if (TryReadCall(i, out var helper, out var arguments) && helper != null
                        && arguments.Any(argument => ReferencesAny(argument.Start, argument.End, function.Parameters)))
                    {
                        callSites.Add((helper, arguments));
                        siteIndices.Add(i);
                    }
                }
                if (keySites.Count == 0 && callSites.Count == 0)
                    continue;
                _helpers[function.Name] = new KeyHelper("`" + function.Name + "()`", (values, depth) => KeysFor(function.Parameters, values, depth, keySites, callSites));
                _helperSites.UnionWith(siteIndices);
                changed = true;
            }
            return changed;
        }

        /// <summary>
        /// A use of a key helper at <paramref name="index"/>: a call (with its argument ranges), or (null helper) a
        /// reference that hands the helper on as a value, e.g. <c>names.map(readEnv)</c>.
        /// </summary>
        public bool TryReadCall(int index, out KeyHelper? helper, out List<(int Start, int End)> arguments)
        {
            arguments = new List<(int, int)>();
            helper = null;
            var token = _tokens[index];
            if (token?.Kind != TokenKind.Identifier || _tokens.IsPropertyName(index) || !_helpers.TryGetValue(token.Text, out var found))
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
            var isDeclarationOrExport = previous != null && (_tokens.IsVariableKeyword(index - 1) || previous.IsIdentifier("function")
                || previous.IsIdentifier("export") || previous.IsIdentifier("default") || previous.IsIdentifier("as")
                || _tokens.IsIdentifier(index + 1, "as") || _tokens.IsPunctuator(index + 1, ":") || _tokens.IsPunctuator(index + 1, "=")
                || IsInExportList(index));
            return !isDeclarationOrExport && (_tokens.IsPunctuator(index - 1, "(") || _tokens.IsPunctuator(index - 1, ","));
        }

        /// <summary>The constant value of each argument, null where one is not constant.</summary>
        public static List<string?> ArgumentValues(ConstantStringEvaluator evaluator, List<(int Start, int End)> arguments) =>
            arguments.Select(argument => evaluator.TryEvaluate(argument.Start, argument.End, out var value) ? value : null).ToList();

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

        private bool IsInExportList(int index)
        {
            var open = EnvEnumeration.EnclosingOpen(_tokens, index);
            return _tokens.IsPunctuator(open, "{") && _tokens.IsIdentifier(open - 1, "export");
        }
    }
}
