namespace ConvexAuthKit.Scanning
{
    internal enum TokenKind
    {
        Identifier,
        Punctuator,
        String,
        Number,
        Regex,
        /// <summary>A template literal without <c>${…}</c>: <c>`text`</c>.</summary>
        Template,
        /// <summary>The text from the opening backtick up to the first <c>${</c>.</summary>
        TemplateHead,
        /// <summary>The text between a <c>}</c> that closes a substitution and the next <c>${</c>.</summary>
        TemplateMiddle,
        /// <summary>The text from the last <c>}</c> of a template up to the closing backtick.</summary>
        TemplateTail,
    }

    /// <summary>
    /// One JavaScript/TypeScript token. Templates are flattened the way the TypeScript scanner does it:
    /// head, the substitution's own tokens, middle, …, tail; so code inside <c>${…}</c> sits in the same stream.
    /// </summary>
    internal sealed class Token
    {
        public Token(TokenKind kind, string text, int line, int endLine)
        {
            Kind = kind;
            Text = text;
            Line = line;
            EndLine = endLine;
        }

        public TokenKind Kind { get; }

        /// <summary>
        /// Identifier name (unicode escapes decoded), punctuator, the cooked value of a string or template
        /// chunk, or the raw text of a number or regex.
        /// </summary>
        public string Text { get; }

        /// <summary>1-based line where the token starts.</summary>
        public int Line { get; }

        /// <summary>1-based line where the token ends (differs from <see cref="Line"/> for multi-line templates).</summary>
        public int EndLine { get; }

        public bool IsPunctuator(string text) => Kind == TokenKind.Punctuator && Text == text;

        public bool IsIdentifier(string name) => Kind == TokenKind.Identifier && Text == name;

        public bool IsStringLike => Kind == TokenKind.String || Kind == TokenKind.Template
            || Kind == TokenKind.TemplateHead || Kind == TokenKind.TemplateMiddle || Kind == TokenKind.TemplateTail;

        public override string ToString() => Kind + " '" + Text + "' @" + Line;
    }
}
