using System.Collections.Generic;

namespace ConvexAuthKit.Scanning
{
    /// <summary>
    /// Finds the value bindings of <c>import</c> statements and of <c>const x = require("…")</c>, and the token
    /// ranges of those statements (which are declarations, not uses, of the names they bind).
    /// Type-only imports bind nothing at run time and are skipped.
    /// </summary>
    internal sealed class ImportCollector
    {
        private readonly TokenStream _tokens;

        private ImportCollector(TokenStream tokens)
        {
            _tokens = tokens;
        }

        public List<ImportBinding> Bindings { get; } = new List<ImportBinding>();

        /// <summary>Token ranges [Start, End) of import statements.</summary>
        public List<(int Start, int End)> StatementRanges { get; } = new List<(int, int)>();

        public static ImportCollector Collect(TokenStream tokens)
        {
            var collector = new ImportCollector(tokens);
            for (var i = 0; i < tokens.Count; i++)
            {
                var end = -1;
                if (tokens.IsIdentifier(i, "import") && !tokens.IsPropertyName(i))
                    end = collector.ReadImport(i);
                else if (tokens.IsVariableKeyword(i))
                    end = collector.ReadRequire(i);
                if (end > i)
                {
                    collector.StatementRanges.Add((i, end));
                    i = end - 1;
                }
            }
            return collector;
        }

        /// <summary>Reads <c>import … from "x"</c> or <c>import "x"</c> at <paramref name="keyword"/>; returns the index after it, or -1.</summary>
        private int ReadImport(int keyword)
        {
            var i = keyword + 1;
            var typeOnly = _tokens.IsIdentifier(i, "type") && !_tokens.IsIdentifier(i + 1, "from")
                && (_tokens.IsPunctuator(i + 1, "{") || _tokens.IsPunctuator(i + 1, "*") || _tokens.IsIdentifier(i + 1));
            if (typeOnly)
                i++;
            if (_tokens[i]?.Kind == TokenKind.String)
                return i + 1;

            var names = new List<(string Local, string Imported)>();
            if (_tokens.IsIdentifier(i) && !_tokens.IsIdentifier(i, "from"))
            {
                names.Add((_tokens[i]!.Text, ImportBinding.Default));
                i++;
                if (_tokens.IsPunctuator(i, ","))
                    i++;
            }
            if (_tokens.IsPunctuator(i, "*") && _tokens.IsIdentifier(i + 1, "as") && _tokens.IsIdentifier(i + 2))
            {
                names.Add((_tokens[i + 2]!.Text, ImportBinding.Namespace));
                i += 3;
            }
            if (_tokens.IsPunctuator(i, "{"))
            {
                ReadNamedImports(i, names);
                i = _tokens.SkipGroup(i);
            }
            if (names.Count == 0 || !_tokens.IsIdentifier(i, "from") || _tokens[i + 1]?.Kind != TokenKind.String)
                return -1;

            var specifier = _tokens[i + 1]!.Text;
            if (!typeOnly)
            {
                foreach (var (local, imported) in names)
                    Bindings.Add(new ImportBinding(local, imported, specifier, _tokens[keyword]!.Line));
            }
            return i + 2;
        }

        private void ReadNamedImports(int open, List<(string Local, string Imported)> names)
        {
            foreach (var (start, end) in _tokens.ListItems(open))
            {
                var i = start;
                // `import { type Foo }`: a type, erased at run time.
                if (_tokens.IsIdentifier(i, "type") && i + 1 < end && !_tokens.IsIdentifier(i + 1, "as"))
                    continue;
                var token = _tokens[i]!;
                if (token.Kind != TokenKind.Identifier && token.Kind != TokenKind.String)
                    continue;
                var local = _tokens.IsIdentifier(i + 1, "as") && _tokens.IsIdentifier(i + 2) ? _tokens[i + 2]!.Text : token.Text;
                names.Add((local, token.Text));
            }
        }

        /// <summary>Reads <c>const x = require("m")</c> or <c>const { a, b: c } = require("m")</c>; returns the index after it, or -1.</summary>
        private int ReadRequire(int keyword)
        {
            var pattern = keyword + 1;
            var equals = _tokens.IsPunctuator(pattern, "{") ? _tokens.SkipGroup(pattern) : pattern + 1;
            var call = equals + 1;
            if (!_tokens.IsPunctuator(equals, "=") || !_tokens.IsIdentifier(call, "require") || !_tokens.IsPunctuator(call + 1, "(")
                || _tokens[call + 2]?.Kind != TokenKind.String || !_tokens.IsPunctuator(call + 3, ")"))
                return -1;

            var specifier = _tokens[call + 2]!.Text;
            if (_tokens.IsIdentifier(pattern))
                Bindings.Add(new ImportBinding(_tokens[pattern]!.Text, ImportBinding.Namespace, specifier, _tokens[keyword]!.Line));
            else if (_tokens.IsPunctuator(pattern, "{"))
            {
                foreach (var (start, _) in _tokens.ListItems(pattern))
                {
                    if (!_tokens.IsIdentifier(start))
                        continue;
                    var imported = _tokens[start]!;
                    var local = _tokens.IsPunctuator(start + 1, ":") && _tokens.IsIdentifier(start + 2) ? _tokens[start + 2]!.Text : imported.Text;
                    Bindings.Add(new ImportBinding(local, imported.Text, specifier, _tokens[keyword]!.Line));
                }
            }
            else
                return -1;
            return call + 4;
        }
    }
}
