using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace ConvexAuthKit.Scanning
{
    /// <summary>
    /// Evaluates string expressions known before the code runs: literals, templates whose substitutions are
    /// themselves constant, <c>const</c> names bound to such strings (or to arrays of them), <c>+</c> between them,
    /// and the pure string methods people build keys with: <c>["WORKOS", "CLIENT_ID"].join("_")</c>,
    /// <c>"WORKOS_".concat(SUFFIX)</c>, <c>.toUpperCase()</c>. Anything else is not constant.
    /// </summary>
    internal sealed class ConstantStringEvaluator
    {
        // Parentheses and template substitutions recurse; real keys nest a level or two, and a cap keeps a
        // pathological file from exhausting the stack.
        private const int MaxNesting = 32;

        private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> NoArrays = new Dictionary<string, IReadOnlyList<string>>();

        private readonly TokenStream _tokens;
        private readonly IReadOnlyDictionary<string, string> _constants;
        private readonly IReadOnlyDictionary<string, IReadOnlyList<string>> _arrays;
        private readonly IReadOnlyDictionary<string, string>? _bindings;

        public ConstantStringEvaluator(TokenStream tokens, IReadOnlyDictionary<string, string> constants,
            IReadOnlyDictionary<string, IReadOnlyList<string>>? arrays = null, IReadOnlyDictionary<string, string>? bindings = null)
        {
            _tokens = tokens;
            _constants = constants;
            _arrays = arrays ?? NoArrays;
            _bindings = bindings;
        }

        /// <summary>The same evaluator with extra names bound (a helper's parameters bound to the arguments of one call), looked up first.</summary>
        public ConstantStringEvaluator With(IReadOnlyDictionary<string, string> bindings) =>
            new ConstantStringEvaluator(_tokens, _constants, _arrays, bindings);

        /// <summary>True when the tokens [start, end) are exactly one constant string expression.</summary>
        public bool TryEvaluate(int start, int end, out string value) =>
            TryParse(start, 0, out value, out var next) && next == end;

        /// <summary>Parses a constant expression at <paramref name="index"/>; <paramref name="next"/> is the index after it.</summary>
        public bool TryParse(int index, out string value, out int next) => TryParse(index, 0, out value, out next);

        /// <summary>An array literal of constant strings at <paramref name="index"/> (<c>["A", B]</c>), for <c>const PARTS = […]</c>.</summary>
        public bool TryParseArray(int index, out IReadOnlyList<string> items, out int next)
        {
            items = System.Array.Empty<string>();
            next = index;
            if (!TryParsePrimary(index, 0, out var value, out next) || value.Array == null)
                return false;
            while (_tokens.IsIdentifier(next, "as") && _tokens.IsIdentifier(next + 1))
                next += 2;
            items = value.Array;
            return true;
        }

        private bool TryParse(int index, int nesting, out string value, out int next)
        {
            var text = new StringBuilder();
            value = "";
            next = index;
            if (nesting > MaxNesting || !TryParseOperand(index, nesting, text, out next))
                return false;
            while (_tokens.IsPunctuator(next, "+"))
            {
                if (!TryParseOperand(next + 1, nesting, text, out next))
                    return false;
            }
            // TypeScript assertions such as `as const` do not change the value.
            while (_tokens.IsIdentifier(next, "as") && _tokens.IsIdentifier(next + 1))
                next += 2;
            value = text.ToString();
            return true;
        }

        private bool TryParseOperand(int index, int nesting, StringBuilder text, out int next)
        {
            if (!TryParsePrimary(index, nesting, out var value, out next))
                return false;
            // Method calls that keep the value constant.
            while (_tokens.IsPunctuator(next, ".") && _tokens.IsIdentifier(next + 1) && _tokens.IsPunctuator(next + 2, "("))
            {
                var open = next + 2;
                var close = _tokens.CloseOf(open);
                if (close < 0 || !TryParseArguments(open, nesting, out var arguments))
                    return false;
                var method = _tokens[next + 1]!.Text;
                if (!TryApply(value, method, arguments, out value))
                    return false;
                next = close + 1;
            }
            if (value.Text == null)
                return false;
            text.Append(value.Text);
            return true;
        }

        private static bool TryApply(ConstantValue value, string method, List<string> arguments, out ConstantValue result)
        {
            result = value;
            if (value.Array != null)
            {
                if (method != "join" || arguments.Count > 1)
                    return false;
                result = ConstantValue.Of(string.Join(arguments.Count == 1 ? arguments[0] : ",", value.Array));
                return true;
            }
            var text = value.Text!;
            switch (method)
            {
                case "concat":
                    result = ConstantValue.Of(text + string.Concat(arguments));
                    return true;
                case "toUpperCase":
                    result = ConstantValue.Of(text.ToUpperInvariant());
                    return arguments.Count == 0;
                case "toLowerCase":
                    result = ConstantValue.Of(text.ToLowerInvariant());
                    return arguments.Count == 0;
                case "trim":
                    result = ConstantValue.Of(text.Trim());
                    return arguments.Count == 0;
                case "toString":
                    return arguments.Count == 0;
                default:
                    return false;
            }
        }

        private bool TryParseArguments(int open, int nesting, out List<string> arguments)
        {
            arguments = new List<string>();
            foreach (var (start, end) in _tokens.ListItems(open))
            {
                if (!TryParse(start, nesting + 1, out var argument, out var after) || after != end)
                    return false;
                arguments.Add(argument);
            }
            return true;
        }

        private bool TryParsePrimary(int index, int nesting, out ConstantValue value, out int next)
        {
            value = default;
            next = index;
            var token = _tokens[index];
            if (token == null || nesting > MaxNesting)
                return false;
            switch (token.Kind)
            {
                case TokenKind.String:
                case TokenKind.Template:
                    value = ConstantValue.Of(token.Text);
                    next = index + 1;
                    return true;
                case TokenKind.TemplateHead:
                    var template = new StringBuilder();
                    if (!TryParseTemplate(index, nesting, template, out next))
                        return false;
                    value = ConstantValue.Of(template.ToString());
                    return true;
                case TokenKind.Identifier:
                    next = index + 1;
                    if ((_bindings != null && _bindings.TryGetValue(token.Text, out var constant)) || _constants.TryGetValue(token.Text, out constant))
                    {
                        value = ConstantValue.Of(constant);
                        return true;
                    }
                    if (_arrays.TryGetValue(token.Text, out var array))
                    {
                        value = ConstantValue.Of(array);
                        return true;
                    }
                    return false;
                default:
                    var close = _tokens.CloseOf(index);
                    if (close < 0)
                        return false;
                    if (token.IsPunctuator("["))
                    {
                        if (!TryParseArguments(index, nesting, out var items))
                            return false;
                        value = ConstantValue.Of(items);
                        next = close + 1;
                        return true;
                    }
                    if (!token.IsPunctuator("(") || !TryParse(index + 1, nesting + 1, out var inner, out var innerEnd) || innerEnd != close)
                        return false;
                    value = ConstantValue.Of(inner);
                    next = close + 1;
                    return true;
            }
        }

        private bool TryParseTemplate(int head, int nesting, StringBuilder text, out int next)
        {
            next = head;
            text.Append(_tokens[head]!.Text);
            var chunk = head;
            while (true)
            {
                if (!TryParse(chunk + 1, nesting + 1, out var substitution, out var after))
                    return false;
                var following = _tokens[after];
                if (following == null || _tokens.OpenOf(after) != chunk)
                    return false;
                text.Append(substitution).Append(following.Text);
                if (following.Kind == TokenKind.TemplateTail)
                {
                    next = after + 1;
                    return true;
                }
                chunk = after;
            }
        }

        /// <summary>A constant string, or an array of them (only as the receiver of <c>.join()</c>).</summary>
        private readonly struct ConstantValue
        {
            private ConstantValue(string? text, IReadOnlyList<string>? array)
            {
                Text = text;
                Array = array;
            }

            public string? Text { get; }
            public IReadOnlyList<string>? Array { get; }

            public static ConstantValue Of(string text) => new ConstantValue(text, null);
            public static ConstantValue Of(IReadOnlyList<string> array) => new ConstantValue(null, array.ToList());
        }
    }
}
