using System.Collections.Generic;

namespace ConvexAuthKit.Scanning
{
    /// <summary>What <see cref="JsLexer"/> produces: the code tokens and, separately, the comments.</summary>
    internal sealed class LexedSource
    {
        public LexedSource(IReadOnlyList<Token> tokens, IReadOnlyList<SourceComment> comments)
        {
            Tokens = tokens;
            Comments = comments;
        }

        public IReadOnlyList<Token> Tokens { get; }
        public IReadOnlyList<SourceComment> Comments { get; }
    }
}
