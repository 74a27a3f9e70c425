using System.Collections.Generic;
using System.Text;

namespace ConvexAuthKit.Scanning
{
    /// <summary>
    /// Evaluates string expressions known before the code runs: literals, templates whose substitutions are
    /// themselves constant, <c>const</c> names bound to such strings, and <c>+</c> between them
    /// (<c>PREFIX + 'CLIENT_ID'</c>, <c>`WORKOS_${SUFFIX}`</c>). Anything else is not constant.
    /// </summary>
    internal sealed class ConstantStringEvaluator
    {
        // Parentheses and template substitutions recurse; real keys nest a level or two, and a cap keeps a
        // pathological file from exhausting the stack.
        private const int MaxNesting = 32;

        private readonly TokenStream _tokens;
        private readonly IReadOnlyDictionary<string, string> _constants;

        public ConstantStringEvaluator(TokenStream tokens, IReadOnlyDictionary<string, string> constants)
        {
            _tokens = tokens;
            _constants = constants;
        }

        /// <summary>True when the tokens [start, end) are exactly one constant string expression.</summary>
        public bool TryEvaluate(int start, int end, out string value) =>
            TryParse(start, 0, out value, out var next) && next == end;

        /// <summary>Parses a constant expression at <paramref name="index"/>; <paramref name="next"/> is the index after it.</summary>
        public bool TryParse(int index, out string value, out int next) => TryParse(index, 0, out value, out next);

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
            next = index;
            var token = _tokens[index];
            if (token == null)
                return false;
            switch (token.Kind)
            {
                case TokenKind.String:
                case TokenKind.Template:
                    text.Append(token.Text);
                    next = index + 1;
                    return true;
                case TokenKind.TemplateHead:
                    return TryParseTemplate(index, nesting, text, out next);
                case TokenKind.Identifier:
                    if (!_constants.TryGetValue(token.Text, out var constant))
                        return false;
                    text.Append(constant);
                    next = index + 1;
                    return true;
                default:
                    if (!token.IsPunctuator("("))
                        return false;
                    var close = _tokens.CloseOf(index);
                    if (close < 0 || !TryParse(index + 1, nesting + 1, out var inner, out var innerEnd) || innerEnd != close)
                        return false;
                    text.Append(inner);
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
    }
}
