using System.Collections.Generic;
using System.Text;

namespace ConvexAuthKit.EnvFiles
{
    /// <summary>
    /// Turns raw values (as cut out by <see cref="DotEnvScanner"/>) into the strings Node's dotenv 16.6 produces,
    /// step by step as its <c>parse</c> does: trim JavaScript whitespace; remove a pair of quotes with its
    /// multiline <c>/^(['"`])([\s\S]*)\1$/mg</c>; and, when the trimmed value began with a double quote, replace
    /// the two-character sequences <c>\n</c> and <c>\r</c> with LF and CR (naively, one after the other). Nothing
    /// else is an escape and nothing is expanded, so control characters and <c>$</c> come through as written.
    /// </summary>
    internal static class DotEnvValueDecoder
    {
        public static IReadOnlyList<string> Decode(IReadOnlyList<string> rawValues)
        {
            var values = new string[rawValues.Count];
            for (int i = 0; i < rawValues.Count; i++)
                values[i] = Decode(rawValues[i]);
            return values;
        }

        public static string Decode(string rawValue)
        {
            string value = JsWhitespace.Trim(rawValue);
            bool doubleQuoted = value.Length > 0 && value[0] == '"';
            value = StripQuotes(value);
            if (doubleQuoted)
                value = value.Replace("\\n", "\n").Replace("\\r", "\r");
            return value;
        }

        /// <summary>
        /// <c>value.replace(/^(['"`])([\s\S]*)\1$/mg, '$2')</c> without a regex: at each line start (the value's
        /// start, or after LF, CR, U+2028 or U+2029) holding a quote, the greedy middle runs to the last same quote
        /// that ends a line; that pair is removed. Done this way it stays linear on a value with many line starts.
        /// </summary>
        internal static string StripQuotes(string value)
        {
            int lastSingle = LastClosing(value, '\'');
            int lastDouble = LastClosing(value, '"');
            int lastBacktick = LastClosing(value, '`');

            StringBuilder? result = null;
            int copied = 0;
            int i = 0;
            while (i < value.Length)
            {
                bool lineStart = i == 0 || JsWhitespace.IsLineTerminator(value[i - 1]);
                char c = value[i];
                int close = !lineStart ? -1 : c == '\'' ? lastSingle : c == '"' ? lastDouble : c == '`' ? lastBacktick : -1;
                if (close > i)
                {
                    result ??= new StringBuilder(value.Length);
                    result.Append(value, copied, i - copied).Append(value, i + 1, close - i - 1);
                    copied = close + 1;
                    i = close + 1;
                }
                else
                {
                    i++;
                }
            }
            if (result == null)
                return value;
            return result.Append(value, copied, value.Length - copied).ToString();
        }

        // The last position of quote that is followed by the end of the value or a line terminator.
        private static int LastClosing(string value, char quote)
        {
            for (int i = value.Length - 1; i >= 0; i--)
            {
                if (value[i] == quote && (i + 1 == value.Length || JsWhitespace.IsLineTerminator(value[i + 1])))
                    return i;
            }
            return -1;
        }
    }
}
