using System.Text;

namespace ConvexAuthKit.Benchmarks;

/// <summary>The texts the benchmarks work on: realistic shapes, generated deterministically.</summary>
public static class Inputs
{
    /// <summary>The canonical WorkOS auth.config.ts (two customJwt providers), as the repository's Vite sample has it.</summary>
    public static readonly string CanonicalAuthConfig = File.ReadAllText(Path.Combine(RepoRoot(), "samples", "ReactAspNetCore", "ClientApp", "convex", "auth.config.ts"));

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "ConvexAuthKit.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("ConvexAuthKit.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>
    /// An auth config of about <paramref name="targetBytes"/> characters: the canonical config preceded by many
    /// helper functions, object literals, template strings, regexes and comments (some mentioning
    /// process.env.WORKOS_CLIENT_ID in text only), so the lexer and analyzer see every kind of token.
    /// The one real read of WORKOS_CLIENT_ID is at the very end, so the whole file must be analysed.
    /// </summary>
    public static string LargeAuthConfig(int targetBytes = 100 * 1024)
    {
        var sb = new StringBuilder(targetBytes + 4096);
        sb.Append("// Generated for benchmarks: a large Convex auth config.\n");
        sb.Append("import { something } from \"some-package\";\n\n");
        var i = 0;
        while (sb.Length < targetBytes)
        {
            sb.Append("/**\n * Helper ").Append(i).Append(": mentions process.env.WORKOS_CLIENT_ID in a comment only.\n */\n");
            sb.Append("function helper").Append(i).Append("(input: string, options?: { retries: number }): string {\n");
            sb.Append("  const table = { alpha: ").Append(i).Append(", beta: \"b").Append(i).Append("\", gamma: [1, 2, 3], delta: null };\n");
            sb.Append("  const re = /^[a-z]+\\d{").Append(i % 9 + 1).Append("}$/i;\n");
            sb.Append("  const text = `value ${input} and ${table.beta} (\"process.env.WORKOS_CLIENT_ID\")`;\n");
            sb.Append("  if (re.test(input) && (options?.retries ?? 0) > ").Append(i % 7).Append(") {\n");
            sb.Append("    return text + 'single \\'quoted\\' string ").Append(i).Append("';\n");
            sb.Append("  }\n");
            sb.Append("  // A line comment: process.env.OTHER_").Append(i).Append("\n");
            sb.Append("  return [input, String(table.alpha * 2 / 3)].join(\",\");\n");
            sb.Append("}\n\n");
            i++;
        }
        sb.Append(CanonicalAuthConfig);
        return sb.ToString();
    }

    /// <summary>
    /// A .env.local of <paramref name="lines"/> lines as a real project has them: the lines `npx convex dev`
    /// writes, comments, blank lines, quoted and unquoted values, an export line and a multi-line value.
    /// </summary>
    public static string EnvLocal(int lines)
    {
        var sb = new StringBuilder(lines * 48);
        var written = 0;
        void Line(string s) { sb.Append(s).Append('\n'); written++; }
        Line("# Deployment used by `npx convex dev`");
        Line("CONVEX_DEPLOYMENT=dev:happy-animal-123 # team: acme, project: my-app");
        Line("");
        Line("VITE_CONVEX_URL=https://happy-animal-123.convex.cloud");
        var n = 0;
        while (written < lines)
        {
            switch (n % 8)
            {
                case 0: Line($"# section {n}"); break;
                case 1: Line($"APP_SETTING_{n}=plain-value-{n}"); break;
                case 2: Line($"QUOTED_{n}=\"double quoted value {n} with spaces\""); break;
                case 3: Line($"SINGLE_{n}='single quoted {n}'"); break;
                case 4: Line($"export EXPORTED_{n}=exported-{n} # trailing comment"); break;
                case 5: Line(""); break;
                case 6:
                    if (written + 3 <= lines)
                    {
                        Line($"MULTI_{n}=\"first line {n}");
                        Line("second line");
                        Line("third line\"");
                    }
                    else
                    {
                        Line($"SHORT_{n}=x");
                    }
                    break;
                default: Line($"URL_{n}=https://example.com/path/{n}?query=a&b=c"); break;
            }
            n++;
        }
        return sb.ToString();
    }
}
