using System.Collections.Generic;

namespace ConvexAuthKit.EnvFiles
{
    /// <summary>One line of an env file: its text and the exact line break that ended it ("" for an unterminated last line).</summary>
    internal readonly struct EnvTextLine
    {
        public EnvTextLine(string content, string terminator)
        {
            Content = content;
            Terminator = terminator;
        }

        public string Content { get; }
        public string Terminator { get; }

        /// <summary>
        /// Splits text into lines, keeping each line's own break (LF, CRLF or a lone CR, as Node's dotenv
        /// accepts all three) so the text can be put back together byte for byte.
        /// </summary>
        public static List<EnvTextLine> Split(string text)
        {
            var lines = new List<EnvTextLine>();
            int start = 0;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c != '\n' && c != '\r')
                    continue;
                bool crlf = c == '\r' && i + 1 < text.Length && text[i + 1] == '\n';
                int breakLength = crlf ? 2 : 1;
                lines.Add(new EnvTextLine(text.Substring(start, i - start), text.Substring(i, breakLength)));
                i += breakLength - 1;
                start = i + 1;
            }
            if (start < text.Length)
                lines.Add(new EnvTextLine(text.Substring(start), ""));
            return lines;
        }
    }
}
