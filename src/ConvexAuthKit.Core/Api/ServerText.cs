using System.Text;

namespace ConvexAuthKit.Api
{
    /// <summary>
    /// Makes text that came from a server (an error message or code, a host name, a team name) safe to put in a
    /// diagnostic: one line, no terminal escape sequences, no control or bidi-override characters, bounded length.
    /// A server could otherwise clear the terminal, fake an `error CAK….:` line of its own, hide text by reordering
    /// it, or flood the build log.
    /// </summary>
    public static class ServerText
    {
        /// <summary>The most characters of server text a message shows.</summary>
        public const int MaxLength = 200;

        private const char Escape = '\u001b';
        private const char Ellipsis = '\u2026';

        /// <summary>
        /// <paramref name="text"/> made printable on one line and cut to <paramref name="maxLength"/> characters
        /// (with an ellipsis when cut). Escape sequences are dropped whole; other control characters, line and
        /// paragraph separators become a space; runs of spaces collapse to one. Null stays null.
        /// </summary>
        public static string? ForMessage(string? text, int maxLength = MaxLength)
        {
            if (text == null)
                return null;
            var result = new StringBuilder(System.Math.Min(text.Length, maxLength + 1));
            var pendingSpace = false;
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (c == Escape || c == '\u009b' || c == '\u009d' || c == '\u0090' || c == '\u0098' || c == '\u009e' || c == '\u009f')
                {
                    i = SkipEscapeSequence(text, i);
                    continue;
                }
                if (IsDropped(c))
                    continue;
                if (char.IsWhiteSpace(c) || IsControl(c))
                {
                    pendingSpace = result.Length > 0;
                    continue;
                }
                if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    if (!Append(result, ref pendingSpace, maxLength, c, text[i + 1]))
                        return Cut(result);
                    i++;
                    continue;
                }
                if (char.IsSurrogate(c))
                    c = '\uFFFD';
                if (!Append(result, ref pendingSpace, maxLength, c, null))
                    return Cut(result);
            }
            return result.ToString();
        }

        /// <summary>Appends (after a pending space); false when that would pass the limit.</summary>
        private static bool Append(StringBuilder result, ref bool pendingSpace, int maxLength, char c, char? low)
        {
            var needed = (pendingSpace ? 1 : 0) + (low.HasValue ? 2 : 1);
            if (result.Length + needed > maxLength)
                return false;
            if (pendingSpace)
                result.Append(' ');
            pendingSpace = false;
            result.Append(c);
            if (low.HasValue)
                result.Append(low.Value);
            return true;
        }

        private static string Cut(StringBuilder result) => result.ToString().TrimEnd() + Ellipsis;

        /// <summary>
        /// The index of the last character of the escape sequence starting at <paramref name="start"/>: CSI
        /// (ESC [ or U+009B) up to its final byte; OSC, DCS, SOS, PM and APC (ESC ] P X ^ _, or their C1 forms) up to
        /// BEL or the string terminator; any other ESC with the one character after it.
        /// </summary>
        private static int SkipEscapeSequence(string text, int start)
        {
            var c = text[start];
            int i;
            char kind;
            if (c == Escape)
            {
                if (start + 1 >= text.Length)
                    return start;
                kind = text[start + 1];
                i = start + 2;
            }
            else
            {
                kind = c switch
                {
                    '\u009b' => '[',
                    '\u009d' => ']',
                    '\u0090' => 'P',
                    '\u0098' => 'X',
                    '\u009e' => '^',
                    _ => '_',
                };
                i = start + 1;
            }
            switch (kind)
            {
                case '[':
                    // Parameter and intermediate bytes (0x20-0x3F), then one final byte (0x40-0x7E).
                    while (i < text.Length && text[i] >= 0x20 && text[i] <= 0x3F)
                        i++;
                    return i < text.Length && text[i] >= 0x40 && text[i] <= 0x7E ? i : i - 1;
                case ']':
                case 'P':
                case 'X':
                case '^':
                case '_':
                    for (; i < text.Length; i++)
                    {
                        if (text[i] == '\u0007' || text[i] == '\u009c')
                            return i;
                        if (text[i] == Escape && i + 1 < text.Length && text[i + 1] == '\\')
                            return i + 1;
                    }
                    return text.Length - 1;
                default:
                    return start + 1 < text.Length && c == Escape ? start + 1 : start;
            }
        }

        private static bool IsControl(char c) => c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == '\u2028' || c == '\u2029';

        /// <summary>Invisible characters that reorder or hide text: bidi embeddings, overrides, isolates and marks, and zero-width ones.</summary>
        private static bool IsDropped(char c) =>
            (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069') || c == '\u200E' || c == '\u200F'
            || c == '\u061C' || c == '\u200B' || c == '\u200C' || c == '\u200D' || c == '\u2060' || c == '\uFEFF';
    }
}
