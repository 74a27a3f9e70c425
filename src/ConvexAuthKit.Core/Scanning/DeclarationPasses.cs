using System;
using System.Collections.Generic;

namespace ConvexAuthKit.Scanning
{
    /// <summary>
    /// Collects a module's declarations into <see cref="ModuleDeclarations"/>: constants, environment aliases and key
    /// helpers. Each kind can depend on the others and on declarations further down (function bodies run later), so
    /// they are collected in rounds until a round learns nothing new; real files settle in two.
    /// </summary>
    internal static class DeclarationPasses
    {
        public const int MaxRounds = 5;

        /// <summary>Collects until nothing new turns up (or <see cref="MaxRounds"/>); returns the number of rounds run.</summary>
        public static int Run(ModuleDeclarations module, IReadOnlyList<FunctionDeclaration> functions)
        {
            var steps = new Func<bool>[]
            {
                () => CollectConstants(module),
                () => AliasCollector.Collect(module),
                () => module.KeyHelpers.Collect(functions),
            };
            return RunToFixedPoint(steps, MaxRounds);
        }

        /// <summary>
        /// Runs every step once a round until a round in which none learned anything, at most
        /// <paramref name="maxRounds"/> rounds; returns the number of rounds run. A step returns whether it learned something.
        /// </summary>
        public static int RunToFixedPoint(IReadOnlyList<Func<bool>> steps, int maxRounds)
        {
            for (var round = 1; round <= maxRounds; round++)
            {
                // Every step runs in every round, whatever the steps before it learned. Were a step skipped in a round
                // where an earlier one learned something (as `a() || b()` would), a long chain in the first step
                // would hold the others back until the round cap, and what they find would be lost.
                var learned = false;
                foreach (var step in steps)
                {
                    if (step())
                        learned = true;
                }
                if (!learned)
                    return round;
            }
            return maxRounds;
        }

        /// <summary><c>const NAME = 'constant' + 'string'</c>, <c>const PARTS = ['WORKOS', 'CLIENT_ID']</c>.</summary>
        private static bool CollectConstants(ModuleDeclarations module)
        {
            var tokens = module.Tokens;
            var changed = false;
            for (var i = 0; i < tokens.Count; i++)
            {
                if (!tokens.IsIdentifier(i, "const") || !tokens.IsIdentifier(i + 1))
                    continue;
                var equals = tokens.SkipTypeAnnotationTo(i + 2, "=");
                if (equals < 0)
                    continue;
                var name = tokens[i + 1]!.Text;
                if (module.ConstantStrings.TryParse(equals + 1, out var value, out var next) && tokens.IsExpressionEnd(next))
                {
                    if (!module.Constants.TryGetValue(name, out var known) || known != value)
                    {
                        module.Constants[name] = value;
                        changed = true;
                    }
                }
                else if (!module.ConstantArrays.ContainsKey(name) && module.ConstantStrings.TryParseArray(equals + 1, out var items, out next) && tokens.IsExpressionEnd(next))
                {
                    module.ConstantArrays[name] = items;
                    changed = true;
                }
            }
            return changed;
        }
    }
}
