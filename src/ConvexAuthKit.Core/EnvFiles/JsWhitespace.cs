namespace ConvexAuthKit.EnvFiles
{
    /// <summary>
    /// Whitespace as JavaScript's <c>\s</c> and <c>String.prototype.trim</c> see it, which is what Node's dotenv
    /// skips and trims. It differs from <see cref="char.IsWhiteSpace(char)"/> in two characters: JavaScript
    /// counts the byte order mark U+FEFF (so a BOM before the first key is skipped) and does not count U+0085.
    /// </summary>
    internal static class JsWhitespace
    {
        public static bool IsWhitespace(char c) => c == '\uFEFF' || (c != '\u0085' && char.IsWhiteSpace(c));

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
