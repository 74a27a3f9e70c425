using System.Collections.Generic;

namespace ConvexAuthKit.Scanning
{
    /// <summary>One property of an object pattern: <c>KEY</c>, <c>KEY: target</c>, <c>KEY = default</c>, <c>"KEY": target</c>.</summary>
    internal sealed class DestructuredProperty
    {
        public DestructuredProperty(string key, int line, string? target)
        {
            Key = key;
            Line = line;
            Target = target;
        }

        public string Key { get; }
        public int Line { get; }

        /// <summary>The local name bound to the property, or null when it is a nested pattern.</summary>
        public string? Target { get; }
    }

    /// <summary>Reads the properties of an object destructuring pattern <c>{ A, B: b = "", ...rest }</c>.</summary>
    internal static class DestructuringPattern
    {
        public static List<DestructuredProperty> Parse(TokenStream tokens, ConstantStringEvaluator constants, int open, out string? restName)
        {
            restName = null;
            var properties = new List<DestructuredProperty>();
            foreach (var (start, end) in tokens.ListItems(open))
            {
                if (tokens.IsPunctuator(start, "...") && tokens.IsIdentifier(start + 1))
                {
                    restName = tokens[start + 1]!.Text;
                    continue;
                }
                if (!TryReadKey(tokens, constants, start, end, out var key, out var afterKey))
                    continue;
                string? target;
                if (tokens.IsPunctuator(afterKey, ":"))
                    target = tokens.IsIdentifier(afterKey + 1) ? tokens[afterKey + 1]!.Text : null;
                else
                    target = tokens.IsIdentifier(start) ? key : null;
                properties.Add(new DestructuredProperty(key, tokens[start]!.Line, target));
            }
            return properties;
        }

        private static bool TryReadKey(TokenStream tokens, ConstantStringEvaluator constants, int start, int end, out string key, out int afterKey)
        {
            key = "";
            afterKey = start + 1;
            var token = tokens[start]!;
            if (token.Kind == TokenKind.Identifier || token.Kind == TokenKind.String)
            {
                key = token.Text;
                return true;
            }
            if (!token.IsPunctuator("["))
                return false;
            var close = tokens.CloseOf(start);
            if (close < 0 || close >= end || !constants.TryEvaluate(start + 1, close, out key))
                return false;
            afterKey = close + 1;
            return true;
        }
    }
}
