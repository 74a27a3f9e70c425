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
    /// <para>
    /// One class in three files: this one has the main loop and the tokens that need no context (comments,
    /// numbers, identifiers, punctuators); <c>JsLexer.Literals.cs</c> strings and escapes; <c>JsLexer.Context.cs</c>
    /// the two places where a character's meaning depends on what came before: a <c>}</c> that resumes template
    /// text, and a <c>/</c> that starts a regex rather than a division.
    /// </para>
    /// </summary>
    internal sealed partial class JsLexer
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

        private readonly string _source;
        private readonly string? _filePath;
        private readonly List<Token> _tokens = new List<Token>();
        private readonly List<SourceComment> _comments = new List<SourceComment>();

        private int _pos;
        private int _line = 1;

        // Characters looked at ahead of the current position by scans that may give up without consuming them (a '/'
        // tried as a regex, the braces of a \u{…} escape). Tests read it to prove those scans stay linear in the input.
        private long _lookahead;

        private JsLexer(string source, string? filePath)
        {
            _source = source;
            _filePath = filePath;
        }

        public static LexedSource Lex(string source, string? filePath) => Lex(source, filePath, out _);

        /// <summary>As <see cref="Lex(string, string?)"/>; <paramref name="lookahead"/> counts the characters looked at ahead by scans that may give up.</summary>
        internal static LexedSource Lex(string source, string? filePath, out long lookahead)
        {
            var lexer = new JsLexer(source, filePath);
            lexer.Run();
            lookahead = lexer._lookahead;
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
                    LexTemplateStart();
                else if (c == '}' && ClosesTemplateSubstitution())
                    LexTemplateResumption();
                else if (IsDigit(c) || (c == '.' && IsDigit(Peek(1))))
                    LexNumber();
                else if (IsIdentifierStart(c) || (c == '\\' && Peek(1) == 'u'))
                    LexIdentifier();
                else if (c == '/' && _pos >= _noRegexBefore && RegexAllowedHere() && TryLexRegex())
                    continue;
                else
                    LexPunctuator();
            }

            ThrowIfTemplateOpen();
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
                    OpenBrace();
                else if (punctuator == "}")
                    CloseBrace();
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
