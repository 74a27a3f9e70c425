namespace ConvexAuthKit.EnvFiles
{
    /// <summary>
    /// Whitespace and line terminators as JavaScript's <c>\s</c>, <c>String.prototype.trim</c> and the multiline
    /// <c>^</c>/<c>$</c> see them, which is what Node's dotenv skips, trims and treats as line ends. Spelled out
    /// instead of <see cref="char.IsWhiteSpace(char)"/>, which differs (it counts U+0085 and not U+FEFF).
    /// </summary>
    internal static class JsWhitespace
    {
        /// <summary>JavaScript's <c>\s</c> as a regular expression character class body.</summary>
        public const string ClassBody = "\\t\\n\\u000B\\f\\r \\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000\\uFEFF";

        /// <summary>The characters JavaScript's multiline <c>^</c> and <c>$</c> and its <c>.</c> treat as line ends.</summary>
        public const string LineTerminatorClassBody = "\\n\\r\\u2028\\u2029";

        public static bool IsWhitespace(char c)
        {
            switch (c)
            {
                case '\t': case '\n': case '\u000B': case '\f': case '\r': case ' ':
                case '\u00A0': case '\u1680': case '\u2028': case '\u2029': case '\u202F': case '\u205F': case '\u3000': case '\uFEFF':
                    return true;
                default:
                    return c >= '\u2000' && c <= '\u200A';
            }
        }

        public static bool IsLineTerminator(char c) => c == '\n' || c == '\r' || c == '\u2028' || c == '\u2029';

        public static string Trim(string s)
        {
            int start = 0;
            int end = s.Length;
            while (start < end && IsWhitespace(s[start]))
                start++;
            while (end > start && IsWhitespace(s[end - 1]))
                end--;
            return s.Substring(start, end - start);
        }
    }
}
