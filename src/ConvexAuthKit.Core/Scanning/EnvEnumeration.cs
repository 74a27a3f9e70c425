using System.Collections.Generic;
using System.Linq;

namespace ConvexAuthKit.Scanning
{
    /// <summary>What a piece of code that enumerates an environment object does with the names.</summary>
    internal sealed class EnumerationUse
    {
        public EnumerationUse(IReadOnlyList<(string Name, int Line)> comparedNames, bool tiedToNames)
        {
            ComparedNames = comparedNames;
            TiedToNames = tiedToNames;
        }

        /// <summary>Variable names the enumerated keys are compared with (<c>k === "WORKOS_CLIENT_ID"</c>): reads of those names.</summary>
        public IReadOnlyList<(string Name, int Line)> ComparedNames { get; }

        /// <summary>False when the code also does something with the keys that no literal pins down (a prefix test, a regex, nothing at all).</summary>
        public bool TiedToNames { get; }
    }

    /// <summary>
    /// Enumeration of an environment object instead of property access: <c>Object.entries|keys|values(process.env)</c>,
    /// <c>Reflect.ownKeys(process.env)</c> and <c>for (const k in process.env)</c>. A comparison of the keys with a
    /// literal name in the code the result flows through counts as a read of that name.
    /// </summary>
    internal static class EnvEnumeration
    {
        private static readonly HashSet<string> ObjectMethods = new HashSet<string>
        {
            "entries", "keys", "values", "getOwnPropertyNames", "getOwnPropertyDescriptors",
        };

        // How far the code after an enumeration is searched for comparisons: far beyond a real config's block, and a
        // bound on the work a file full of enumerations can cause.
        private const int MaxRegionTokens = 20_000;

        private static readonly HashSet<string> Equality = new HashSet<string> { "===", "==", "!==", "!=" };

        // Uses of a key that no single literal pins down.
        private static readonly HashSet<string> OpenEndedTests = new HashSet<string>
        {
            "startsWith", "endsWith", "match", "matchAll", "test", "search", "indexOf", "includes", "replace", "slice", "substring", "split",
        };

        /// <summary>
        /// True when the environment object spanning [<paramref name="index"/>, <paramref name="next"/>) is enumerated;
        /// then <paramref name="use"/> says what the code does with the keys.
        /// </summary>
        public static bool TryRead(TokenStream tokens, ConstantStringEvaluator constants, int index, int next, out EnumerationUse? use)
        {
            use = null;
            int regionStart, regionEnd;
            if (IsEnumerationCall(tokens, index, next, out var callStart, out var callClose))
            {
                if (!TryFindResultRegion(tokens, callStart, callClose, out regionStart, out regionEnd))
                {
                    use = new EnumerationUse(new List<(string, int)>(), tiedToNames: false);
                    return true;
                }
            }
            else if (tokens.IsIdentifier(index - 1, "in") && IsForHeader(tokens, EnclosingOpen(tokens, index), out var headerOpen))
            {
                regionStart = headerOpen;
                regionEnd = LoopBodyEnd(tokens, tokens.CloseOf(headerOpen));
            }
            else
                return false;

            use = Analyze(tokens, constants, regionStart, regionEnd);
            return true;
        }

        /// <summary>Whether the environment object at [<paramref name="index"/>, <paramref name="next"/>) is enumerated, without looking at what follows.</summary>
        public static bool IsEnumeration(TokenStream tokens, int index, int next) =>
            IsEnumerationCall(tokens, index, next, out _, out _)
            || (tokens.IsIdentifier(index - 1, "in") && IsForHeader(tokens, EnclosingOpen(tokens, index), out _));

        /// <summary><c>Object.keys(E)</c> / <c>Reflect.ownKeys(E)</c> around the environment object.</summary>
        private static bool IsEnumerationCall(TokenStream tokens, int index, int next, out int callStart, out int callClose)
        {
            callStart = index - 4;
            callClose = tokens.CloseOf(index - 1);
            if (!tokens.IsPunctuator(index - 1, "(") || callClose != next || !tokens.IsPunctuator(index - 3, ".") || !tokens.IsIdentifier(index - 2))
                return false;
            var method = tokens[index - 2]!.Text;
            return (tokens.IsIdentifier(index - 4, "Object") && ObjectMethods.Contains(method))
                || (tokens.IsIdentifier(index - 4, "Reflect") && method == "ownKeys");
        }

        /// <summary>
        /// Where the enumeration's result goes: the method chain after the call (<c>.find(…)</c>), the body of a
        /// <c>for…of</c> over it, or the rest of the block after <c>const keys = …</c>. False when it goes elsewhere.
        /// </summary>
        private static bool TryFindResultRegion(TokenStream tokens, int callStart, int callClose, out int start, out int end)
        {
            start = callClose + 1;
            end = ChainEnd(tokens, start);
            if (end > start)
                return true;

            var open = EnclosingOpen(tokens, callStart);
            if (IsForHeader(tokens, open, out var header) && tokens.IsIdentifier(callStart - 1, "of"))
            {
                start = header;
                end = LoopBodyEnd(tokens, tokens.CloseOf(header));
                return true;
            }
            if (tokens.IsPunctuator(callStart - 1, "=") && tokens.IsIdentifier(callStart - 2) && tokens.IsVariableKeyword(callStart - 3))
            {
                end = open >= 0 && tokens.IsPunctuator(open, "{") ? tokens.CloseOf(open) : tokens.Count;
                return true;
            }
            return false;
        }

        private static int ChainEnd(TokenStream tokens, int index)
        {
            var i = index;
            while (true)
            {
                if ((tokens.IsPunctuator(i, ".") || tokens.IsPunctuator(i, "?.")) && tokens.IsIdentifier(i + 1))
                    i += 2;
                else if ((tokens.IsPunctuator(i, "(") || tokens.IsPunctuator(i, "[")) && tokens.CloseOf(i) > i)
                    i = tokens.CloseOf(i) + 1;
                else if (tokens.IsPunctuator(i, "!") && (tokens.IsPunctuator(i + 1, ".") || tokens.IsPunctuator(i + 1, "[")))
                    i++;
                else
                    return i;
            }
        }

        private static EnumerationUse Analyze(TokenStream tokens, ConstantStringEvaluator constants, int start, int end)
        {
            var names = new List<(string, int)>();
            var tied = true;
            if (end - start > MaxRegionTokens)
            {
                end = start + MaxRegionTokens;
                tied = false;
            }
            for (var i = start; i < end && i < tokens.Count; i++)
            {
                var token = tokens[i]!;
                if (token.Kind == TokenKind.Regex)
                    tied = false;
                else if (token.Kind == TokenKind.Punctuator && Equality.Contains(token.Text))
                {
                    if (constants.TryParse(i + 1, out var right, out _))
                        AddName(names, right, token.Line);
                    var left = tokens[i - 1];
                    if (left != null && (left.Kind == TokenKind.String || left.Kind == TokenKind.Template))
                        AddName(names, left.Text, token.Line);
                }
                else if (token.IsIdentifier("case") && constants.TryParse(i + 1, out var label, out var afterLabel) && tokens.IsPunctuator(afterLabel, ":"))
                    AddName(names, label, token.Line);
                else if (token.IsIdentifier("includes") && tokens.IsPropertyName(i) && tokens.IsPunctuator(i - 2, "]")
                    && constants.TryParseArray(tokens.OpenOf(i - 2), out var items, out _))
                {
                    // ["WORKOS_CLIENT_ID", "WORKOS_API_KEY"].includes(key)
                    foreach (var item in items)
                        AddName(names, item, token.Line);
                }
                else if (token.Kind == TokenKind.Identifier && tokens.IsPropertyName(i) && OpenEndedTests.Contains(token.Text))
                    tied = false;
            }
            return new EnumerationUse(names, tied && names.Count > 0);
        }

        private static void AddName(List<(string, int)> names, string name, int line)
        {
            if (IsEnvironmentVariableName(name) && !names.Any(known => known.Item1 == name))
                names.Add((name, line));
        }

        private static bool IsForHeader(TokenStream tokens, int open, out int header)
        {
            header = open;
            return open >= 0 && tokens.IsPunctuator(open, "(") && tokens.IsIdentifier(open - 1, "for");
        }

        private static int LoopBodyEnd(TokenStream tokens, int headerClose)
        {
            var body = headerClose + 1;
            if (tokens.IsPunctuator(body, "{") && tokens.CloseOf(body) > body)
                return tokens.CloseOf(body);
            return tokens.EndOfExpression(body);
        }

        public static int EnclosingOpen(TokenStream tokens, int index) => tokens.EnclosingOpen(index);

        /// <summary>UPPER_SNAKE_CASE, the shape of environment variable names.</summary>
        public static bool IsEnvironmentVariableName(string name) =>
            name.Length > 0 && !char.IsDigit(name[0]) && name.Any(c => c >= 'A' && c <= 'Z')
            && name.All(c => (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_');
    }
}
