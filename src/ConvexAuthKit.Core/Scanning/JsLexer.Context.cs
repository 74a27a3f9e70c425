using System.Collections.Generic;
using System.Text;

namespace ConvexAuthKit.Scanning
{
    /// <summary>
    /// Where <see cref="JsLexer"/> needs context: the brace stack that tells a <c>}</c> closing a block from one that
    /// resumes template text, and the previous token that tells a <c>/</c> starting a regex from a division.
    /// </summary>
    internal sealed partial class JsLexer
    {
        private const int PlainBrace = -1;

        // One entry per open '{' (PlainBrace) or open template substitution '${' (the template's start line),
        // so that a '}' knows whether it closes a block or resumes template text. A stack rather than
        // recursion, so that deeply nested templates cannot overflow the call stack.
        private readonly Stack<int> _braces = new Stack<int>();

        // After these keywords an expression starts, so a '/' begins a regex rather than a division.
        private static readonly HashSet<string> KeywordsBeforeExpression = new HashSet<string>
        {
            "return", "typeof", "instanceof", "in", "of", "new", "delete", "void", "throw", "case", "do", "else",
            "yield", "await", "extends",
        };

        // A regex attempt that found no closing '/' scanned to the end of its line; no further attempt is made
        // before that point, which keeps a long line of stray slashes linear instead of quadratic.
        private int _noRegexBefore;

        private void OpenBrace() => _braces.Push(PlainBrace);

        private void CloseBrace()
        {
            if (_braces.Count > 0)
                _braces.Pop();
        }

        /// <summary>The '}' at the current position ends a template substitution <c>${…}</c>, not a block.</summary>
        private bool ClosesTemplateSubstitution() => _braces.Count > 0 && _braces.Peek() != PlainBrace;

        /// <summary>The opening backtick: lexes the template's first chunk.</summary>
        private void LexTemplateStart()
        {
            var startLine = _line;
            _pos++;
            LexTemplateChunk(startLine, isFirstChunk: true);
        }

        /// <summary>The '}' that ends a substitution: lexes the template text after it.</summary>
        private void LexTemplateResumption()
        {
            var templateStartLine = _braces.Pop();
            _pos++;
            LexTemplateChunk(templateStartLine, isFirstChunk: false);
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

        private void ThrowIfTemplateOpen()
        {
            foreach (var entry in _braces)
            {
                if (entry != PlainBrace)
                    throw Unreadable("has a template literal opened at line " + entry + " that is never closed; close it with a backtick", entry);
            }
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
                    _lookahead += i - _pos;
                    _pos = i;
                    return true;
                }
                i++;
            }
            _lookahead += i - _pos;
            _noRegexBefore = i;
            return false;
        }
    }
}
