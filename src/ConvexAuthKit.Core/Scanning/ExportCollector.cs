using System.Collections.Generic;

namespace ConvexAuthKit.Scanning
{
    /// <summary>The names a module exports, mapped to the local names they stand for.</summary>
    internal static class ExportCollector
    {
        /// <summary>Exported name → local name, for <c>export const|let|var|function x</c>, <c>export default x</c> and <c>export { a as b }</c>.</summary>
        public static Dictionary<string, string> Collect(TokenStream tokens)
        {
            var exports = new Dictionary<string, string>(System.StringComparer.Ordinal);
            for (var i = 0; i < tokens.Count; i++)
            {
                if (!tokens.IsIdentifier(i, "export") || tokens.IsPropertyName(i))
                    continue;
                var next = i + 1;
                var isDefault = tokens.IsIdentifier(next, "default");
                if (isDefault)
                    next++;
                if (tokens.IsIdentifier(next, "async"))
                    next++;
                if (tokens.IsVariableKeyword(next) || tokens.IsIdentifier(next, "function"))
                {
                    var nameIndex = tokens.IsPunctuator(next + 1, "*") ? next + 2 : next + 1;
                    if (tokens.IsIdentifier(nameIndex))
                        exports[isDefault ? ImportBinding.Default : tokens[nameIndex]!.Text] = tokens[nameIndex]!.Text;
                }
                else if (isDefault && tokens.IsIdentifier(next) && tokens.IsExpressionEnd(next + 1))
                    exports[ImportBinding.Default] = tokens[next]!.Text;
                else if (tokens.IsPunctuator(next, "{") && !tokens.IsIdentifier(tokens.SkipGroup(next), "from"))
                {
                    foreach (var (start, _) in tokens.ListItems(next))
                    {
                        if (!tokens.IsIdentifier(start))
                            continue;
                        var local = tokens[start]!.Text;
                        var exported = tokens.IsIdentifier(start + 1, "as") && tokens[start + 2] != null ? tokens[start + 2]!.Text : local;
                        exports[exported] = local;
                    }
                }
            }
            return exports;
        }
    }
}
