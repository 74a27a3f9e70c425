using System.Collections.Generic;
using System.Globalization;
using System.Text;
using ConvexAuthKit.Diagnostics;

namespace ConvexAuthKit.Scanning
{
    /// <summary>
    /// A small JavaScript/TypeScript lexer: enough to tell code from comments, strings, template text and
    /// regex literals, with a line number on every token. It does not parse; <see cref="EnvReadAnalyzer"/> works on its tokens.
    /// Malformed input (an unterminated comment, string or template, a character no JS/TS file may contain)
    /// is reported as <see cref="DiagnosticCodes.AuthConfigUnreadable"/>.
    /// </summary>
    internal sealed class JsLexer
    {
        // Longest first, so that e.g. ">>>=" wins over ">>".
        private static readonly string[] Punctuators =
        {
            ">>>=",
            "...", "===", "!==", "**=", "<<=", ">>=", ">>>", "&&=", "||=", "??=",
            "=>", "==", "!=", "<=", ">=", "&&", "||", "??", "?.", "++", "--", "+=", "-=", "*=", "/=", "%=",
            "&=", "|=", "^=", "**", "<<", ">>",
            "{", "}", "(", ")", "[", "]", ";", ",", "<", ">", "+", "-", "*", "/", "%", "&", "|", "^", "!", "~",
            "?", ":", "=", ".", "@",
        };

        // After these keywords an expression starts, so a '/' begins a regex rather than a division.
        private static readonly HashSet<string> KeywordsBeforeExpression = new HashSet<string>
        {
            "return", "typeof", "instanceof", "in", "of", "new", "delete", "void", "throw", "case", "do", "else",
            "yield", "await", "extends",
        };

        private const int PlainBrace = -1;

        private readonly string _source;
        private readonly string? _filePath;
        private readonly List<Token> _tokens = new List<Token>();
        private readonly List<SourceComment> _comments = new List<SourceComment>();

        // One entry per open '{' (PlainBrace) or open template substitution '${' (the template's start line),
        // so that a '}' knows whether it closes a block or resumes template text. A stack rather than
        // recursion, so that deeply nested templates cannot overflow the call stack.
        private readonly Stack<int> _braces = new Stack<int>();

        private int _pos;
        private int _line = 1;

        // A regex attempt that found no closing '/' scanned to the end of its line; no further attempt is made
        // before that point, which keeps a long line of stray slashes linear instead of quadratic.
        private int _noRegexBefore;

        private JsLexer(string source, string? filePath)
        {
            _source = source;
            _filePath = filePath;
        }

        public static LexedSource Lex(string source, string? filePath)
        {
            var lexer = new JsLexer(source, filePath);
            lexer.Run();
            return new LexedSource(lexer._tokens, lexer._comments);
        }

        private void Run()
        {
            if (_source.StartsWith("#!", System.StringComparison.Ordinal))
                SkipToLineEnd();

            while (_pos < _source.Length)
            {
                var c = _source[_pos];
                if (IsLineTerminator(c))
                    ConsumeLineTerminator();
                else if (IsWhitespace(c))
                    _pos++;
                else if (c == '/' && Peek(1) == '/')
                    LexLineComment();
                else if (c == '/' && Peek(1) == '*')
                    LexBlockComment();
                else if (c == '\'' || c == '"')
                    LexString(c);
                else if (c == '`')
                {
                    var startLine = _line;
                    _pos++;
                    LexTemplateChunk(startLine, isFirstChunk: true);
                }
                else if (c == '}' && _braces.Count > 0 && _braces.Peek() != PlainBrace)
                {
                    var templateStartLine = _braces.Pop();
                    _pos++;
                    LexTemplateChunk(templateStartLine, isFirstChunk: false);
                }
                else if (IsDigit(c) || (c == '.' && IsDigit(Peek(1))))
                    LexNumber();
                else if (IsIdentifierStart(c) || (c == '\\' && Peek(1) == 'u'))
                    LexIdentifier();
                else if (c == '/' && _pos >= _noRegexBefore && RegexAllowedHere() && TryLexRegex())
                    continue;
                else
                    LexPunctuator();
            }

            foreach (var entry in _braces)
            {
                if (entry != PlainBrace)
                    throw Unreadable("has a template literal opened at line " + entry + " that is never closed; close it with a backtick", entry);
            }
        }

        private char Peek(int offset) => _pos + offset < _source.Length ? _source[_pos + offset] : '\0';

        private void Add(TokenKind kind, string text, int line) => _tokens.Add(new Token(kind, text, line, _line));

        private void LexLineComment()
        {
            var start = _pos + 2;
            SkipToLineEnd();
            _comments.Add(new SourceComment(_source.Substring(start, _pos - start), _line));
        }

        private void SkipToLineEnd()
        {
            while (_pos < _source.Length && !IsLineTerminator(_source[_pos]))
                _pos++;
        }

        private void LexBlockComment()
        {
            var startLine = _line;
            var start = _pos + 2;
            _pos = start;
            while (_pos < _source.Length)
            {
                var c = _source[_pos];
                if (c == '*' && Peek(1) == '/')
                {
                    _comments.Add(new SourceComment(_source.Substring(start, _pos - start), startLine));
                    _pos += 2;
                    return;
                }
                if (IsLineTerminator(c))
                    ConsumeLineTerminator();
                else
                    _pos++;
            }
            throw Unreadable("has a block comment opened at line " + startLine + " that is never closed; close it with */", startLine);
        }

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

        /// <summary>Lexes template text from the current position up to the closing backtick or the next <c>${</c>.</summary>
        private void LexTemplateChunk(int templateStartLine, bool isFirstChunk)
        {
            var chunkLine = _line;
            var text = new StringBuilder();
            while (_pos < _source.Length)
            {
                var c = _source[_pos];
                if (c == '`')
                {
                    _pos++;
                    Add(isFirstChunk ? TokenKind.Template : TokenKind.TemplateTail, text.ToString(), chunkLine);
                    return;
                }
                if (c == '$' && Peek(1) == '{')
                {
                    _pos += 2;
                    Add(isFirstChunk ? TokenKind.TemplateHead : TokenKind.TemplateMiddle, text.ToString(), chunkLine);
                    _braces.Push(templateStartLine);
                    return;
                }
                if (c == '\\')
                    LexEscape(text);
                else if (IsLineTerminator(c))
                {
                    text.Append('\n');
                    ConsumeLineTerminator();
                }
                else
                {
                    text.Append(c);
                    _pos++;
                }
            }
            throw Unreadable("has a template literal opened at line " + templateStartLine + " that is never closed; close it with a backtick", templateStartLine);
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
                var close = _source.IndexOf('}', _pos);
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

        private void LexNumber()
        {
            var start = _pos;
            var isHex = _source[_pos] == '0' && (Peek(1) == 'x' || Peek(1) == 'X');
            while (_pos < _source.Length)
            {
                var c = _source[_pos];
                var isExponentSign = (c == '+' || c == '-') && !isHex && (_source[_pos - 1] == 'e' || _source[_pos - 1] == 'E');
                if (!(char.IsLetterOrDigit(c) || c == '_' || c == '.' || isExponentSign))
                    break;
                _pos++;
            }
            Add(TokenKind.Number, _source.Substring(start, _pos - start), _line);
        }

        private void LexIdentifier()
        {
            var name = new StringBuilder();
            while (_pos < _source.Length)
            {
                var c = _source[_pos];
                if (c == '\\' && Peek(1) == 'u')
                {
                    _pos += 2;
                    AppendUnicodeEscape(name);
                }
                else if (IsIdentifierPart(c) || (name.Length == 0 && IsIdentifierStart(c)))
                {
                    name.Append(c);
                    _pos++;
                }
                else
                    break;
            }
            Add(TokenKind.Identifier, name.ToString(), _line);
        }

        private bool RegexAllowedHere()
        {
            if (_tokens.Count == 0)
                return true;
            var previous = _tokens[_tokens.Count - 1];
            switch (previous.Kind)
            {
                case TokenKind.Punctuator:
                    return previous.Text != ")" && previous.Text != "]" && previous.Text != "++" && previous.Text != "--";
                case TokenKind.Identifier:
                    var isPropertyName = _tokens.Count > 1 && (_tokens[_tokens.Count - 2].IsPunctuator(".") || _tokens[_tokens.Count - 2].IsPunctuator("?."));
                    return KeywordsBeforeExpression.Contains(previous.Text) && !isPropertyName;
                case TokenKind.TemplateHead:
                case TokenKind.TemplateMiddle:
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>
        /// Lexes <c>/body/flags</c>. Returns false (and consumes nothing) when no closing slash is found on the
        /// line: then the heuristic guessed wrong and the slash is a division.
        /// </summary>
        private bool TryLexRegex()
        {
            var i = _pos + 1;
            var inClass = false;
            while (i < _source.Length && !IsLineTerminator(_source[i]))
            {
                var c = _source[i];
                if (c == '\\')
                {
                    // An escaped line break does not continue a regex.
                    if (i + 1 < _source.Length && IsLineTerminator(_source[i + 1]))
                        break;
                    i++;
                }
                else if (c == '[')
                    inClass = true;
                else if (c == ']')
                    inClass = false;
                else if (c == '/' && !inClass)
                {
                    i++;
                    while (i < _source.Length && IsIdentifierPart(_source[i]))
                        i++;
                    Add(TokenKind.Regex, _source.Substring(_pos, i - _pos), _line);
                    _pos = i;
                    return true;
                }
                i++;
            }
            _noRegexBefore = i;
            return false;
        }

        private void LexPunctuator()
        {
            foreach (var punctuator in Punctuators)
            {
                if (string.CompareOrdinal(_source, _pos, punctuator, 0, punctuator.Length) != 0)
                    continue;
                // "a ? .5 : b": '?.' before a digit is a conditional followed by a number.
                if (punctuator == "?." && IsDigit(Peek(2)))
                    continue;
                if (punctuator == "{")
                    _braces.Push(PlainBrace);
                else if (punctuator == "}" && _braces.Count > 0)
                    _braces.Pop();
                _pos += punctuator.Length;
                Add(TokenKind.Punctuator, punctuator, _line);
                return;
            }
            var unexpected = _source[_pos];
            throw Unreadable(
                "has the character U+" + ((int)unexpected).ToString("X4", CultureInfo.InvariantCulture) + " at line " + _line
                + ", which is not valid JavaScript or TypeScript outside a string or comment; make it a .ts or .js module Convex can bundle",
                _line);
        }

        private void ConsumeLineTerminator()
        {
            if (_source[_pos] == '\r' && Peek(1) == '\n')
                _pos++;
            _pos++;
            _line++;
        }

        private ConvexAuthKitException Unreadable(string problem, int line) =>
            new ConvexAuthKitException(DiagnosticCodes.AuthConfigUnreadable, SourceDisplayName.For(_filePath) + " " + problem + ".", _filePath, line);

        private static bool IsLineTerminator(char c) => c == '\n' || c == '\r' || c == '\u2028' || c == '\u2029';

        /// <summary>Only CR and LF end a string literal early; U+2028 and U+2029 are allowed inside one.</summary>
        private static bool IsLineBreakInString(char c) => c == '\n' || c == '\r';

        private static bool IsWhitespace(char c) =>
            c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\uFEFF' || char.GetUnicodeCategory(c) == UnicodeCategory.SpaceSeparator;

        private static bool IsDigit(char c) => c >= '0' && c <= '9';

        // '#' starts private class member names; surrogates are accepted as letters outside the BMP.
        private static bool IsIdentifierStart(char c) =>
            char.IsLetter(c) || c == '$' || c == '_' || c == '#' || char.IsSurrogate(c);

        private static bool IsIdentifierPart(char c)
        {
            if (char.IsLetterOrDigit(c) || c == '$' || c == '_' || c == '\u200C' || c == '\u200D' || char.IsSurrogate(c))
                return true;
            var category = char.GetUnicodeCategory(c);
            return category == UnicodeCategory.NonSpacingMark || category == UnicodeCategory.SpacingCombiningMark
                || category == UnicodeCategory.ConnectorPunctuation;
        }
    }
}
