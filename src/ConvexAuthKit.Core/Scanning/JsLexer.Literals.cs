using System.Globalization;
using System.Text;

namespace ConvexAuthKit.Scanning
{
    /// <summary>The string literals of <see cref="JsLexer"/> and the escapes of strings, templates and identifiers, cooked to their values.</summary>
    internal sealed partial class JsLexer
    {
        private void LexString(char quote)
        {
            var startLine = _line;
            var text = new StringBuilder();
            _pos++;
            while (true)
            {
                if (_pos >= _source.Length || IsLineBreakInString(_source[_pos]))
                    throw Unreadable("has a string opened at line " + startLine + " that is not closed on that line; add the closing " + quote, startLine);
                var c = _source[_pos];
                if (c == '\u2028' || c == '\u2029')
                {
                    // Since ES2019 (and in TypeScript) these two may stand unescaped in a string literal; they still
                    // count as line breaks for line numbers, as everywhere else in this lexer.
                    text.Append(c);
                    _pos++;
                    _line++;
                    continue;
                }
                if (c == quote)
                {
                    _pos++;
                    Add(TokenKind.String, text.ToString(), startLine);
                    return;
                }
                if (c == '\\')
                    LexEscape(text);
                else
                {
                    text.Append(c);
                    _pos++;
                }
            }
        }

        /// <summary>Appends the cooked value of the escape sequence at the current backslash.</summary>
        private void LexEscape(StringBuilder text)
        {
            _pos++;
            if (_pos >= _source.Length)
                return;
            var c = _source[_pos];
            if (IsLineTerminator(c))
            {
                // A backslash before a line break continues the literal on the next line.
                ConsumeLineTerminator();
                return;
            }
            _pos++;
            switch (c)
            {
                case 'n': text.Append('\n'); break;
                case 't': text.Append('\t'); break;
                case 'r': text.Append('\r'); break;
                case 'b': text.Append('\b'); break;
                case 'f': text.Append('\f'); break;
                case 'v': text.Append('\v'); break;
                case '0': text.Append('\0'); break;
                case 'x': AppendHexEscape(text, 2); break;
                case 'u': AppendUnicodeEscape(text); break;
                default: text.Append(c); break;
            }
        }

        private void AppendHexEscape(StringBuilder text, int digits)
        {
            if (TryReadHex(_pos, digits, out var value))
            {
                text.Append((char)value);
                _pos += digits;
            }
        }

        /// <summary>Reads <c>XXXX</c> or <c>{X…}</c> after <c>\u</c>; leaves malformed escapes as they are.</summary>
        private void AppendUnicodeEscape(StringBuilder text)
        {
            if (Peek(0) == '{')
            {
                // '{', at most six hex digits, '}': a '}' further on cannot close this escape, and not searching past it
                // keeps a file full of malformed "\u{" linear.
                var window = System.Math.Min(8, _source.Length - _pos);
                var close = _source.IndexOf('}', _pos, window);
                _lookahead += close < 0 ? window : close + 1 - _pos;
                if (close > _pos + 1 && TryReadHex(_pos + 1, close - _pos - 1, out var codePoint) && codePoint <= 0x10FFFF)
                {
                    text.Append(char.ConvertFromUtf32(codePoint));
                    _pos = close + 1;
                }
                return;
            }
            AppendHexEscape(text, 4);
        }

        private bool TryReadHex(int start, int digits, out int value)
        {
            value = 0;
            if (digits > 6 || start + digits > _source.Length)
                return false;
            return int.TryParse(_source.Substring(start, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
        }
    }
}
