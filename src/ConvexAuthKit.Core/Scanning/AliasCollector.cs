namespace ConvexAuthKit.Scanning
{
    /// <summary>
    /// Finds the locals that stand for the environment (one step of <see cref="DeclarationPasses"/>):
    /// <c>const env = process.env</c>, <c>const env = { ...process.env }</c>, <c>const { A, ...rest } = process.env</c>,
    /// <c>const { env } = process</c>, and locals built from the whole environment
    /// (<c>const env = createEnv({ runtimeEnv: process.env })</c>). Adds them to <see cref="EnvironmentObjects"/>.
    /// </summary>
    internal static class AliasCollector
    {
        /// <summary>One sweep over the module; true when it found an alias or a derived local it did not know.</summary>
        public static bool Collect(ModuleDeclarations module)
        {
            var tokens = module.Tokens;
            var env = module.Environment;
            var changed = false;
            for (var i = 0; i < tokens.Count; i++)
            {
                if (tokens.IsVariableKeyword(i) && tokens.IsIdentifier(i + 1))
                {
                    var name = tokens[i + 1]!.Text;
                    var equals = tokens.SkipTypeAnnotationTo(i + 2, "=");
                    if (equals < 0)
                        continue;
                    if (env.TryReadWhole(equals + 1, out var environment) || TryReadEnvironmentCopy(tokens, env, equals + 1, out environment))
                        changed |= env.AddAlias(name, environment.Root);
                    else if (!env.Derived.Contains(name) && HandsOnWholeEnvironment(env, equals + 1, tokens.EndOfExpression(equals + 1)))
                        changed |= env.Derived.Add(name);
                }
                else if (tokens.IsPunctuator(i, "}") && tokens.IsPunctuator(i + 1, "=") && tokens.OpenOf(i) >= 0)
                {
                    var properties = DestructuringPattern.Parse(tokens, module.ConstantStrings, tokens.OpenOf(i), out var rest);
                    if (env.TryReadWhole(i + 2, out var environment))
                    {
                        if (rest != null)
                            changed |= env.AddAlias(rest, environment.Root);
                    }
                    else if (env.IsBareProcess(i + 2))
                    {
                        foreach (var property in properties)
                        {
                            if (property.Key == "env" && property.Target != null)
                                changed |= env.AddAlias(property.Target, "process.env");
                        }
                    }
                }
            }
            return changed;
        }

        /// <summary><c>{ ...process.env }</c> or <c>{ ...process.env, X: "" }</c> as an initializer: a copy, so an alias.</summary>
        private static bool TryReadEnvironmentCopy(TokenStream tokens, EnvironmentObjects env, int open, out EnvObject environment)
        {
            environment = default;
            if (!tokens.IsPunctuator(open, "{") || !tokens.IsExpressionEnd(tokens.SkipGroup(open)))
                return false;
            foreach (var (start, end) in tokens.ListItems(open))
            {
                if (tokens.IsPunctuator(start, "...") && env.TryReadWhole(start + 1, out environment) && environment.Next == end)
                    return true;
            }
            return false;
        }

        private static bool HandsOnWholeEnvironment(EnvironmentObjects env, int start, int end)
        {
            for (var i = start; i < end; i++)
            {
                if (env.TryRead(i, out var source) && source.Kind == EnvObjectKind.Environment && env.IsHandedOnWhole(i, source))
                    return true;
            }
            return false;
        }
    }
}
