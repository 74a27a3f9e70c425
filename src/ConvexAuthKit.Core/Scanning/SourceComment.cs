namespace ConvexAuthKit.Scanning
{
    /// <summary>A line or block comment; kept so a scan result can say a name was only mentioned in one.</summary>
    internal sealed class SourceComment
    {
        public SourceComment(string text, int line)
        {
            Text = text;
            Line = line;
        }

        /// <summary>The comment's text without its delimiters.</summary>
        public string Text { get; }

        /// <summary>1-based line where the comment starts.</summary>
        public int Line { get; }
    }
}
