using System.Collections.Generic;

namespace ConvexAuthKit.Frameworks
{
    /// <summary>
    /// Detects the frontend framework from package.json dependencies the way the Convex CLI does:
    /// the table is walked in order and the first dependency present wins (docs/cli-rules.md#frameworks).
    /// </summary>
    public static class FrameworkDetector
    {
        /// <summary>Used when no dependency matches: the CLI still registers this origin with WorkOS.</summary>
        public const string FallbackDevUrl = "http://localhost:5173";

        private static readonly Framework[] Table =
        {
            new Framework("create-react-app", "react-scripts", "http://localhost:3000", "REACT_APP_", EnvFlavor.None),
            new Framework("Next.js", "next", "http://localhost:3000", "NEXT_PUBLIC_", EnvFlavor.NextJs),
            new Framework("Expo", "expo", null, "EXPO_PUBLIC_", EnvFlavor.None),
            new Framework("SvelteKit", "@sveltejs/kit", "http://localhost:5173", "PUBLIC_", EnvFlavor.None),
            new Framework("TanStack Start", "@tanstack/start", "http://localhost:3000", "VITE_", EnvFlavor.TanStackStart),
            new Framework("TanStack Start", "@tanstack/react-start", "http://localhost:3000", "VITE_", EnvFlavor.TanStackStart),
            new Framework("Vite", "vite", "http://localhost:5173", "VITE_", EnvFlavor.Vite),
            new Framework("Remix", "@remix-run/dev", "http://localhost:3000", null, EnvFlavor.None),
        };

        /// <summary>The framework for these dependency names (dependencies and devDependencies together), or null.</summary>
        public static Framework? Detect(ICollection<string> dependencyNames)
        {
            foreach (var framework in Table)
            {
                if (dependencyNames.Contains(framework.Dependency))
                    return framework;
            }
            return null;
        }
    }
}
