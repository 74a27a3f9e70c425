using System.Collections.Generic;
using System.Linq;
using System.Text;
using DotNetEnv;

namespace ConvexAuthKit.EnvFiles
{
    /// <summary>
    /// Turns raw values (as cut out by <see cref="DotEnvScanner"/>) into the strings Node's dotenv produces, using
    /// DotNetEnv to decode them. DotNetEnv's own quoting rules differ from Node's (it expands $VAR and ${VAR},
    /// honours escapes such as \t, \" and \\, knows no backtick quotes), so each value is first rewritten into a
    /// DotNetEnv double-quoted string that means exactly what Node would read: only \n and \r stay escapes, and
    /// only in values Node sees as double-quoted; every other backslash, quote and dollar sign is escaped so
    /// DotNetEnv takes it literally. DotNetEnv is told not to touch the process environment.
    /// </summary>
    internal static class DotEnvValueDecoder
    {
        private static readonly LoadOptions DecodeOnly = new LoadOptions(setEnvVars: false, clobberExistingVars: true, onlyExactPath: true);

        public static IReadOnlyList<string> Decode(IReadOnlyList<string> rawValues)
        {
            if (rawValues.Count == 0)
                return new string[0];

            // One DotNetEnv call for the whole file; synthetic names keep the values in order and avoid names DotNetEnv rejects.
            var contents = new StringBuilder();
            for (int i = 0; i < rawValues.Count; i++)
            {
                string value = JsWhitespace.Trim(rawValues[i]);
                bool doubleQuoted = value.Length > 0 && value[0] == '"';
                contents.Append('V').Append(i).Append("=\"");
                AppendAsDotNetEnvString(contents, StripMatchingQuotes(value), keepNewlineEscapes: doubleQuoted);
                contents.Append("\"\n");
            }
            return Env.LoadContents(contents.ToString(), DecodeOnly).Select(pair => pair.Value).ToList();
        }

        // dotenv removes a pair of identical quotes around the whole value, even from a value it did not read as quoted.
        private static string StripMatchingQuotes(string value)
        {
            bool quoted = value.Length >= 2
                && (value[0] == '"' || value[0] == '\'' || value[0] == '`')
                && value[value.Length - 1] == value[0];
            return quoted ? value.Substring(1, value.Length - 2) : value;
        }

        // dotenv expands the two-character sequences \n and \r (and nothing else) when the trimmed value began with
        // a double quote, whether or not the quote was closed.
        private static void AppendAsDotNetEnvString(StringBuilder output, string literal, bool keepNewlineEscapes)
        {
            for (int i = 0; i < literal.Length; i++)
            {
                char c = literal[i];
                if (keepNewlineEscapes && c == '\\' && i + 1 < literal.Length && (literal[i + 1] == 'n' || literal[i + 1] == 'r'))
                {
                    output.Append(c).Append(literal[i + 1]);
                    i++;
                }
                else if (c == '\\' || c == '"' || c == '$')
                {
                    output.Append('\\').Append(c);
                }
                else
                {
                    output.Append(c);
                }
            }
        }
    }
}
