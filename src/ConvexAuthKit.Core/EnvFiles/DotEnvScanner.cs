using System;
using System.Collections.Generic;
using System.Text;
using System.Text.RegularExpressions;
using ConvexAuthKit.Diagnostics;

namespace ConvexAuthKit.EnvFiles
{
    /// <summary>An assignment as it appears in the text: the value still quoted and untrimmed.</summary>
    internal sealed record RawEnvAssignment(string Name, string RawValue, bool IsExport, int FirstLine, int LastLine);

    /// <summary>
    /// Finds the assignments in an env file exactly where Node's dotenv 16.6 <c>parse</c> finds them: it runs
    /// dotenv's own LINE regular expression, with JavaScript's meanings made explicit for .NET (<c>\s</c>, the
    /// multiline <c>^</c>/<c>$</c>, which also end lines at U+2028 and U+2029, <c>.</c> and ASCII <c>\w</c>).
    /// Decoding the value is <see cref="DotEnvValueDecoder"/>'s job.
    /// Where we are stricter than Node: text Node silently skips (a line that is neither blank, a comment nor an
    /// assignment) and assignments whose name and value are on different lines are errors (CAK0004) instead of
    /// being dropped or joined. See DOTENV-COMPAT.md.
    /// </summary>
    internal sealed class DotEnvScanner
    {
        private const string S = "[" + JsWhitespace.ClassBody + "]";
        private const string NotLineEnd = "[^" + JsWhitespace.LineTerminatorClassBody + "]";

        // dotenv 16.6.1's LINE, /(?:^|^)\s*(?:export\s+)?([\w.-]+)(?:\s*=\s*?|:\s+?)(\s*'(?:\\'|[^'])*'|\s*"(?:\\"|[^"])*"
        // |\s*`(?:\\`|[^`])*`|[^#\r\n]+)?\s*(?:#.*)?(?:$|$)/mg, anchored where its leading ^\s* ends (the scanner finds
        // that place itself: see ScanAll). Same backtracking order as JavaScript, so the same match.
        private static readonly Regex Line = new Regex(
            @"\G(?<export>export" + S + "+)?(?<name>[A-Za-z0-9_.-]+)(?<sep>" + S + "*=" + S + "*?|:" + S + "+?)"
            + "(?<value>" + S + @"*'(?:\\'|[^'])*'|" + S + @"*""(?:\\""|[^""])*""|" + S + @"*`(?:\\`|[^`])*`|[^#\r\n]+)?"
            + S + "*(?:#" + NotLineEnd + "*)?(?=[" + JsWhitespace.LineTerminatorClassBody + @"]|\z)",
            RegexOptions.CultureInvariant,
            TimeSpan.FromSeconds(5));

        // Node reads the text with CRLF and lone CR turned into LF; we scan the same normalised text.
        private readonly string _text;
        private readonly int[] _lineStarts;
        private readonly string? _filePath;

        private DotEnvScanner(IReadOnlyList<EnvTextLine> lines, string? filePath)
        {
            _filePath = filePath;
            _lineStarts = new int[lines.Count];
            var normalised = new StringBuilder();
            for (int i = 0; i < lines.Count; i++)
            {
                if (i > 0)
                    normalised.Append('\n');
                _lineStarts[i] = normalised.Length;
                normalised.Append(lines[i].Content);
            }
            _text = normalised.ToString();
        }

        public static IReadOnlyList<RawEnvAssignment> Scan(IReadOnlyList<EnvTextLine> lines, string? filePath)
            => new DotEnvScanner(lines, filePath).ScanAll();

        /// <summary>
        /// dotenv's global exec loop. Its pattern can only start at a line start and first skips whitespace, so every
        /// line start inside one run of whitespace leads to the same attempt: each run is tried once, keeping the scan
        /// linear where the regex alone would retry a long blank stretch from every line in it.
        /// </summary>
        private IReadOnlyList<RawEnvAssignment> ScanAll()
        {
            var assignments = new List<RawEnvAssignment>();
            int position = 0;
            int skippedFrom = 0;
            while (true)
            {
                int lineStart = NextLineStart(position);
                if (lineStart < 0)
                    break;
                int start = SkipWhitespace(lineStart);
                if (start == _text.Length)
                    break;
                Match match;
                try
                {
                    match = Line.Match(_text, start);
                }
                catch (RegexMatchTimeoutException e)
                {
                    throw Invalid(LineOf(start), $"{Where(LineOf(start))} is too complex to read in reasonable time; simplify its quoting.", e);
                }
                if (!match.Success)
                {
                    position = start + 1;
                    continue;
                }
                CheckSkipped(skippedFrom, start);
                assignments.Add(Assignment(match));
                position = match.Index + match.Length;
                skippedFrom = position;
            }
            CheckSkipped(skippedFrom, _text.Length);
            return assignments;
        }

        private RawEnvAssignment Assignment(Match match)
        {
            var value = match.Groups["value"];
            var separator = match.Groups["sep"];
            // Where the value's text begins (or, without one, where the separator ends): from the start of the
            // assignment to there, Node lets \s run over line ends (`A:` + newline + `B=c` reads A as "B=c").
            int valueText = separator.Index + separator.Length;
            int lastChar = valueText - 1;
            if (value.Success)
            {
                int firstNonBlank = value.Index;
                while (firstNonBlank < value.Index + value.Length && JsWhitespace.IsWhitespace(_text[firstNonBlank]))
                    firstNonBlank++;
                if (firstNonBlank < value.Index + value.Length)
                {
                    valueText = firstNonBlank;
                    lastChar = value.Index + value.Length - 1;
                }
            }
            int firstLine = LineOf(match.Index);
            for (int i = match.Index; i < valueText; i++)
            {
                if (!JsWhitespace.IsLineTerminator(_text[i]))
                    continue;
                string name = match.Groups["name"].Value;
                int equals = separator.Value.IndexOf('=');
                if (equals >= 0 && i > separator.Index + equals)
                {
                    // `A=` is a whole assignment by itself; the odd line is the one dotenv would take as its value.
                    int valueLine = LineOf(valueText);
                    throw Invalid(valueLine,
                        $"{Where(valueLine)} is not a NAME=value assignment, and dotenv would silently read it as the value of {name} above; put the value on the same line as {name}= or comment the line out with #.");
                }
                throw Invalid(firstLine,
                    $"{Where(firstLine)} starts an assignment of {name} that only ends on a later line, which dotenv would silently join; put NAME=value on one line.");
            }
            return new RawEnvAssignment(match.Groups["name"].Value, value.Success ? value.Value : "", match.Groups["export"].Success, firstLine, LineOf(lastChar));
        }

        /// <summary>
        /// Text between assignments may only be blanks and # comments (a comment ends at any line terminator, U+2028
        /// and U+2029 included, as dotenv's <c>.</c> does). Anything else is text dotenv silently ignores.
        /// </summary>
        private void CheckSkipped(int from, int to)
        {
            int i = from;
            while (i < to)
            {
                while (i < to && JsWhitespace.IsWhitespace(_text[i]))
                    i++;
                if (i == to)
                    return;
                if (_text[i] != '#')
                    throw NotAnAssignment(LineOf(i));
                while (i < to && !JsWhitespace.IsLineTerminator(_text[i]))
                    i++;
            }
        }

        /// <summary>The first position at or after <paramref name="position"/> where JavaScript's multiline ^ matches, or -1.</summary>
        private int NextLineStart(int position)
        {
            if (position == 0)
                return 0;
            for (int i = position; i <= _text.Length; i++)
            {
                if (JsWhitespace.IsLineTerminator(_text[i - 1]))
                    return i;
            }
            return -1;
        }

        private int SkipWhitespace(int position)
        {
            while (position < _text.Length && JsWhitespace.IsWhitespace(_text[position]))
                position++;
            return position;
        }

        private int LineOf(int position)
        {
            int index = Array.BinarySearch(_lineStarts, position);
            return index >= 0 ? index : ~index - 1;
        }

        private string Where(int line) => _filePath == null ? $"Line {line + 1}" : $"Line {line + 1} of {_filePath}";

        private ConvexAuthKitException NotAnAssignment(int line) => Invalid(line,
            $"{Where(line)} is neither a NAME=value assignment nor a # comment, so dotenv would silently ignore it; correct it or comment it out with #.");

        private ConvexAuthKitException Invalid(int line, string message, Exception? inner = null)
            => new ConvexAuthKitException(DiagnosticCodes.EnvFileInvalid, message, _filePath, line + 1, inner);
    }
}
