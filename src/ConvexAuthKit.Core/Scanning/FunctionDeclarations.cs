using System.Collections.Generic;

namespace ConvexAuthKit.Scanning
{
    /// <summary>A named function: <c>function f(a, b) {…}</c>, <c>const f = (a) => …</c> or <c>const f = function (a) {…}</c>.</summary>
    internal sealed class FunctionDeclaration
    {
        public FunctionDeclaration(string name, IReadOnlyList<string?> parameters, int bodyStart, int bodyEnd)
        {
            Name = name;
            Parameters = parameters;
            BodyStart = bodyStart;
            BodyEnd = bodyEnd;
        }

        public string Name { get; }

        /// <summary>Parameter names by position; null for a destructured or rest parameter.</summary>
        public IReadOnlyList<string?> Parameters { get; }

        /// <summary>The body's tokens are [BodyStart, BodyEnd).</summary>
        public int BodyStart { get; }
        public int BodyEnd { get; }
    }

    /// <summary>Finds named functions, so that a helper like <c>getEnv(name) { return process.env[name] }</c> can be recognised.</summary>
    internal static class FunctionDeclarations
    {
        public static List<FunctionDeclaration> Find(TokenStream tokens)
        {
            var functions = new List<FunctionDeclaration>();
            for (var i = 0; i < tokens.Count; i++)
            {
                FunctionDeclaration? found = null;
                if (tokens.IsIdentifier(i, "function") && !tokens.IsPropertyName(i))
                    found = FromFunctionKeyword(tokens, i, name: null);
                else if (tokens.IsVariableKeyword(i) && tokens.IsIdentifier(i + 1))
                    found = FromVariable(tokens, i + 1);
                if (found != null)
                    functions.Add(found);
            }
            return functions;
        }

        /// <summary><c>function [*] [name] (params) [: type] { body }</c>; <paramref name="name"/> is the variable it is assigned to, if any.</summary>
        private static FunctionDeclaration? FromFunctionKeyword(TokenStream tokens, int keyword, string? name)
        {
            var i = keyword + 1;
            if (tokens.IsPunctuator(i, "*"))
                i++;
            if (tokens.IsIdentifier(i))
            {
                name ??= tokens[i]!.Text;
                i++;
            }
            if (name == null || !tokens.IsPunctuator(i, "("))
                return null;
            var close = tokens.CloseOf(i);
            if (close < 0)
                return null;
            // The body is the first '{' after the parameters (a return type written as an object literal type is not handled).
            var body = close + 1;
            while (body < tokens.Count && !tokens.IsPunctuator(body, "{") && !tokens.IsPunctuator(body, ";"))
                body = tokens.SkipGroup(body);
            var bodyEnd = tokens.CloseOf(body);
            if (!tokens.IsPunctuator(body, "{") || bodyEnd < 0)
                return null;
            return new FunctionDeclaration(name, ParameterNames(tokens, i), body + 1, bodyEnd);
        }

        /// <summary><c>const name [: type] = [async] function … | (params) [: type] => body | param => body</c>.</summary>
        private static FunctionDeclaration? FromVariable(TokenStream tokens, int nameIndex)
        {
            var name = tokens[nameIndex]!.Text;
            var equals = tokens.SkipTypeAnnotationTo(nameIndex + 1, "=");
            if (equals < 0)
                return null;
            var i = equals + 1;
            if (tokens.IsIdentifier(i, "async"))
                i++;
            if (tokens.IsIdentifier(i, "function"))
                return FromFunctionKeyword(tokens, i, name);

            IReadOnlyList<string?> parameters;
            int arrow;
            if (tokens.IsIdentifier(i) && tokens.IsPunctuator(i + 1, "=>"))
            {
                parameters = new[] { tokens[i]!.Text };
                arrow = i + 1;
            }
            else if (tokens.IsPunctuator(i, "(") && tokens.CloseOf(i) > 0)
            {
                parameters = ParameterNames(tokens, i);
                arrow = tokens.SkipTypeAnnotationTo(tokens.CloseOf(i) + 1, "=>");
                if (arrow < 0)
                    return null;
            }
            else
                return null;

            var bodyStart = arrow + 1;
            if (tokens.IsPunctuator(bodyStart, "{") && tokens.CloseOf(bodyStart) > 0)
                return new FunctionDeclaration(name, parameters, bodyStart + 1, tokens.CloseOf(bodyStart));
            return new FunctionDeclaration(name, parameters, bodyStart, tokens.EndOfExpression(bodyStart));
        }

        private static List<string?> ParameterNames(TokenStream tokens, int open)
        {
            var names = new List<string?>();
            foreach (var (start, _) in tokens.ListItems(open))
                names.Add(tokens.IsIdentifier(start) ? tokens[start]!.Text : null);
            return names;
        }
    }
}
