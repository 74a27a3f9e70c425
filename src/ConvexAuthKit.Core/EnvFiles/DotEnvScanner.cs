using System;
using System.Collections.Generic;
using System.Text;
using ConvexAuthKit.Diagnostics;

namespace ConvexAuthKit.EnvFiles
{
    /// <summary>An assignment as it appears in the text: the value still quoted and untrimmed.</summary>
    internal sealed record RawEnvAssignment(string Name, string RawValue, bool IsExport, int FirstLine, int LastLine);

    /// <summary>
    /// Finds the assignments in an env file using the grammar of Node's dotenv <c>parse</c> (dotenv 16/17):
    /// where an assignment starts, where its value ends (a quoted value may run over several lines) and what is
    /// a comment. Decoding the value is <see cref="DotEnvValueDecoder"/>'s job.
    /// The one place we are stricter than Node: a line that is neither blank, a comment nor an assignment is an
    /// error (CAK0004) instead of being silently dropped. See DOTENV-COMPAT.md.
    /// </summary>
    internal sealed class DotEnvScanner
    {
        // Node reads the text with CRLF and lone CR turned into LF; we scan the same normalised text.
        private readonly string _text;
        private readonly int[] _lineStarts;
        private readonly int[] _lineEnds;
        private readonly string? _filePath;

        private DotEnvScanner(IReadOnlyList<EnvTextLine> lines, string? filePath)
        {
            _filePath = filePath;
            _lineStarts = new int[lines.Count];
            _lineEnds = new int[lines.Count];
            var normalised = new StringBuilder();
            for (int i = 0; i < lines.Count; i++)
            {
                if (i > 0)
                    normalised.Append('\n');
                _lineStarts[i] = normalised.Length;
                normalised.Append(lines[i].Content);
                _lineEnds[i] = normalised.Length;
            }
            _text = normalised.ToString();
        }

        public static IReadOnlyList<RawEnvAssignment> Scan(IReadOnlyList<EnvTextLine> lines, string? filePath)
            => new DotEnvScanner(lines, filePath).ScanAll();

        private IReadOnlyList<RawEnvAssignment> ScanAll()
        {
            var assignments = new List<RawEnvAssignment>();
            int line = 0;
            while (line < _lineStarts.Length)
            {
                int start = SkipWhitespace(_lineStarts[line], _lineEnds[line]);
                if (start == _lineEnds[line] || _text[start] == '#')
                {
                    line++;
                    continue;
                }
                var assignment = TryReadAssignment(start, line) ?? throw NotAnAssignment(line);
                assignments.Add(assignment);
                line = assignment.LastLine + 1;
            }
            return assignments;
        }

        private RawEnvAssignment? TryReadAssignment(int start, int line)
        {
            const string Export = "export";
            int afterWord = start + Export.Length;
            // "export NAME=v" is an export line, but "export=v" and "export =v" assign a variable named export.
            if (string.CompareOrdinal(_text, start, Export, 0, Export.Length) == 0
                && afterWord < _lineEnds[line] && JsWhitespace.IsWhitespace(_text[afterWord]))
            {
                var exported = TryReadNameAndValue(SkipWhitespace(afterWord, _lineEnds[line]), line, isExport: true);
                if (exported != null)
                    return exported;
            }
            return TryReadNameAndValue(start, line, isExport: false);
        }

        private RawEnvAssignment? TryReadNameAndValue(int start, int line, bool isExport)
        {
            int lineEnd = _lineEnds[line];
            int nameEnd = start;
            while (nameEnd < lineEnd && EnvNames.IsNameChar(_text[nameEnd]))
                nameEnd++;
            if (nameEnd == start)
                return null;

            int valueStart;
            int equals = SkipWhitespace(nameEnd, lineEnd);
            if (equals < lineEnd && _text[equals] == '=')
                valueStart = equals + 1;
            else if (nameEnd + 1 < lineEnd && _text[nameEnd] == ':' && JsWhitespace.IsWhitespace(_text[nameEnd + 1]))
                valueStart = nameEnd + 1; // dotenv also reads YAML-like "NAME: value"
            else
                return null;

            string name = _text.Substring(start, nameEnd - start);
            int quote = SkipWhitespace(valueStart, lineEnd);
            if (quote < lineEnd && IsQuote(_text[quote]))
            {
                int close = FindClosingQuote(quote);
                if (close >= 0)
                    return new RawEnvAssignment(name, _text.Substring(valueStart, close + 1 - valueStart), isExport, line, LineOf(close));
            }
            // Unquoted (or a quote that never closes properly): the value runs to the first '#' or the end of the line.
            int hash = _text.IndexOf('#', valueStart, lineEnd - valueStart);
            int valueEnd = hash >= 0 ? hash : lineEnd;
            return new RawEnvAssignment(name, _text.Substring(valueStart, valueEnd - valueStart), isExport, line, line);
        }

        /// <summary>
        /// The position of the quote that closes the value opened at <paramref name="open"/>, or -1.
        /// Like dotenv, the value may run over lines; a quote preceded by a backslash may or may not close it,
        /// and the farthest candidate wins provided only blanks or a # comment follow it on its line.
        /// </summary>
        private int FindClosingQuote(int open)
        {
            char quote = _text[open];
            var escapedQuotes = new List<int>();
            int firstPlainQuote = -1;
            for (int i = open + 1; i < _text.Length; i++)
            {
                if (_text[i] != quote)
                    continue;
                if (_text[i - 1] != '\\')
                {
                    firstPlainQuote = i;
                    break;
                }
                escapedQuotes.Add(i);
            }

            if (firstPlainQuote >= 0 && OnlyCommentFollows(firstPlainQuote + 1))
                return firstPlainQuote;
            for (int i = escapedQuotes.Count - 1; i >= 0; i--)
            {
                if (OnlyCommentFollows(escapedQuotes[i] + 1))
                    return escapedQuotes[i];
            }
            return -1;
        }

        private bool OnlyCommentFollows(int position)
        {
            int lineEnd = _lineEnds[LineOf(position)];
            int next = SkipWhitespace(position, lineEnd);
            return next == lineEnd || _text[next] == '#';
        }

        private int SkipWhitespace(int position, int limit)
        {
            while (position < limit && JsWhitespace.IsWhitespace(_text[position]))
                position++;
            return position;
        }

        private int LineOf(int position)
        {
            int index = Array.BinarySearch(_lineStarts, position);
            return index >= 0 ? index : ~index - 1;
        }

        private static bool IsQuote(char c) => c == '"' || c == '\'' || c == '`';

        private ConvexAuthKitException NotAnAssignment(int line)
        {
            string where = _filePath == null ? $"Line {line + 1}" : $"Line {line + 1} of {_filePath}";
            return new ConvexAuthKitException(
                DiagnosticCodes.EnvFileInvalid,
                $"{where} is neither a NAME=value assignment nor a # comment, so dotenv would silently ignore it; correct it or comment it out with #.",
                _filePath,
                line + 1);
        }
    }
}
