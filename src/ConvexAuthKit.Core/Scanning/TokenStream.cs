using System.Collections.Generic;

namespace ConvexAuthKit.Scanning
{
    /// <summary>
    /// Index-based access to a token list, with the matching bracket of every <c>( [ {</c> and template
    /// substitution precomputed so that analyses can skip whole groups.
    /// </summary>
    internal sealed class TokenStream
    {
        // Statements that cannot continue the previous line's expression; used to end arrow bodies without ';'.
        private static readonly HashSet<string> StatementKeywords = new HashSet<string>
        {
            "const", "let", "var", "function", "class", "export", "import", "if", "for", "while", "return", "throw", "type", "interface",
        };

        private readonly IReadOnlyList<Token> _tokens;
        private readonly int[] _close;
        private readonly int[] _open;
        private int[]? _enclosing;

        public TokenStream(IReadOnlyList<Token> tokens)
        {
            _tokens = tokens;
            _close = new int[tokens.Count];
            _open = new int[tokens.Count];
            MatchBrackets();
        }

        public int Count => _tokens.Count;

        /// <summary>The token at <paramref name="index"/>, or null past either end.</summary>
        public Token? this[int index] => index >= 0 && index < _tokens.Count ? _tokens[index] : null;

        public bool IsPunctuator(int index, string text) => this[index]?.IsPunctuator(text) == true;

        public bool IsIdentifier(int index) => this[index]?.Kind == TokenKind.Identifier;

        public bool IsIdentifier(int index, string name) => this[index]?.IsIdentifier(name) == true;

        /// <summary><c>const</c>, <c>let</c> or <c>var</c>.</summary>
        public bool IsVariableKeyword(int index) => IsIdentifier(index, "const") || IsIdentifier(index, "let") || IsIdentifier(index, "var");

        /// <summary>True for the <c>x</c> in <c>a.x</c> or <c>a?.x</c>: a property name, not a reference to a variable.</summary>
        public bool IsPropertyName(int index) => IsPunctuator(index - 1, ".") || IsPunctuator(index - 1, "?.");

        /// <summary>True when the token is the first on its line (where automatic semicolon insertion may end a statement).</summary>
        public bool StartsLine(int index) => index > 0 && index < Count && _tokens[index].Line > _tokens[index - 1].EndLine;

        /// <summary>The closing token of the group opened at <paramref name="index"/>, or -1.</summary>
        public int CloseOf(int index) => index >= 0 && index < Count ? _close[index] : -1;

        /// <summary>The opening token of the group closed at <paramref name="index"/>, or -1.</summary>
        public int OpenOf(int index) => index >= 0 && index < Count ? _open[index] : -1;

        /// <summary>The innermost open bracket whose group contains <paramref name="index"/>, or -1 (one pass, computed on first use).</summary>
        public int EnclosingOpen(int index)
        {
            if (index < 0 || index >= Count)
                return -1;
            _enclosing ??= ComputeEnclosing();
            return _enclosing[index];
        }

        private int[] ComputeEnclosing()
        {
            var enclosing = new int[Count];
            var open = new Stack<int>();
            for (var i = 0; i < Count; i++)
            {
                if (_open[i] >= 0 && open.Count > 0 && open.Peek() == _open[i])
                    open.Pop();
                enclosing[i] = open.Count > 0 ? open.Peek() : -1;
                if (_close[i] >= 0)
                    open.Push(i);
            }
            return enclosing;
        }

        /// <summary>The index after the token at <paramref name="index"/>, or after its whole group (a template: after its tail).</summary>
        public int SkipGroup(int index)
        {
            var close = CloseOf(index);
            if (close < 0)
                return index + 1;
            while (this[close]?.Kind == TokenKind.TemplateMiddle && CloseOf(close) >= 0)
                close = CloseOf(close);
            return close + 1;
        }

        /// <summary>The items of the list opened at <paramref name="open"/> ("(a, b)" or "{ a, b }"), as [start, end) ranges split at top-level commas.</summary>
        public List<(int Start, int End)> ListItems(int open)
        {
            var items = new List<(int, int)>();
            var close = CloseOf(open);
            if (close < 0)
                return items;
            var start = open + 1;
            var i = start;
            while (i < close)
            {
                if (IsPunctuator(i, ","))
                {
                    items.Add((start, i));
                    start = i + 1;
                    i++;
                }
                else
                    i = SkipGroup(i);
            }
            if (start < close)
                items.Add((start, close));
            return items;
        }

        /// <summary>
        /// Where the expression starting at <paramref name="index"/> ends: a top-level ';' or ',', a closer of an
        /// enclosing group, the end of input, or a new line that starts a statement.
        /// </summary>
        public int EndOfExpression(int index)
        {
            var i = index;
            while (i < Count)
            {
                var token = _tokens[i];
                var isCloser = token.Kind == TokenKind.TemplateMiddle || token.Kind == TokenKind.TemplateTail
                    || token.IsPunctuator(")") || token.IsPunctuator("]") || token.IsPunctuator("}");
                if (isCloser || token.IsPunctuator(";") || token.IsPunctuator(","))
                    return i;
                if (i > index && StartsLine(i) && token.Kind == TokenKind.Identifier && StatementKeywords.Contains(token.Text))
                    return i;
                i = SkipGroup(i);
            }
            return Count;
        }

        /// <summary>
        /// True when the expression that ended just before <paramref name="index"/> cannot go on: a ';', ',', a
        /// closer, the end of input, or (automatic semicolon insertion) a name at the start of the next line.
        /// </summary>
        public bool IsExpressionEnd(int index)
        {
            var token = this[index];
            if (token == null)
                return true;
            return token.IsPunctuator(";") || token.IsPunctuator(",") || token.IsPunctuator(")") || token.IsPunctuator("]")
                || token.IsPunctuator("}") || token.Kind == TokenKind.TemplateMiddle || token.Kind == TokenKind.TemplateTail
                || (StartsLine(index) && token.Kind == TokenKind.Identifier);
        }

        /// <summary>
        /// From <paramref name="index"/> (directly, or after a ": type" annotation) to the top-level punctuator
        /// <paramref name="target"/>; -1 when a ';', ',' or closer comes first.
        /// </summary>
        public int SkipTypeAnnotationTo(int index, string target)
        {
            if (IsPunctuator(index, target))
                return index;
            if (!IsPunctuator(index, ":"))
                return -1;
            var i = index + 1;
            while (i < Count)
            {
                if (IsPunctuator(i, target))
                    return i;
                var token = this[i]!;
                if (token.IsPunctuator(";") || token.IsPunctuator(",") || token.IsPunctuator(")") || token.IsPunctuator("}") || token.IsPunctuator("]"))
                    return -1;
                i = SkipGroup(i);
            }
            return -1;
        }

        private void MatchBrackets()
        {
            var openers = new Stack<int>();
            for (var i = 0; i < _tokens.Count; i++)
            {
                _close[i] = -1;
                _open[i] = -1;
                var token = _tokens[i];
                if (IsCloser(token) && openers.Count > 0 && Matches(_tokens[openers.Peek()], token))
                {
                    var open = openers.Pop();
                    _close[open] = i;
                    _open[i] = open;
                }
                if (IsOpener(token))
                    openers.Push(i);
            }
        }

        private static bool IsOpener(Token token) =>
            token.IsPunctuator("(") || token.IsPunctuator("[") || token.IsPunctuator("{")
            || token.Kind == TokenKind.TemplateHead || token.Kind == TokenKind.TemplateMiddle;

        private static bool IsCloser(Token token) =>
            token.IsPunctuator(")") || token.IsPunctuator("]") || token.IsPunctuator("}")
            || token.Kind == TokenKind.TemplateMiddle || token.Kind == TokenKind.TemplateTail;

        private static bool Matches(Token open, Token close)
        {
            if (close.Kind == TokenKind.TemplateMiddle || close.Kind == TokenKind.TemplateTail)
                return open.Kind == TokenKind.TemplateHead || open.Kind == TokenKind.TemplateMiddle;
            return (open.IsPunctuator("(") && close.IsPunctuator(")"))
                || (open.IsPunctuator("[") && close.IsPunctuator("]"))
                || (open.IsPunctuator("{") && close.IsPunctuator("}"));
        }
    }
}
