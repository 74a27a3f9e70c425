using ConvexAuthKit.Scanning;

namespace ConvexAuthKit.Tests.Scanning;

/// <summary>
/// Shapes real configs use to read WORKOS_CLIENT_ID without naming it in a plain member access: keys folded from
/// constants, enumeration of the environment, helpers whose parameter names the variable; and the code the scan
/// cannot follow, which must come out undecidable (with its line), never as "does not read".
/// </summary>
public class IndirectReadTests
{
    private static AuthConfigScanResult Scan(string source, Dictionary<string, string>? modules = null) =>
        AuthConfigScanner.ScanSource(source, "/app/convex/auth.config.ts",
            modules == null ? null : specifier => modules.TryGetValue(specifier, out var text) ? text : null);

    private static void AssertReads(string source, int line, Dictionary<string, string>? modules = null)
    {
        var result = Scan(source, modules);
        Assert.True(result.ReadsWorkOSClientId, result.Reason);
        Assert.Equal(ScanDecision.Reads, result.Decision);
        Assert.Equal(line, result.Line);
        Assert.Contains("WORKOS_CLIENT_ID", result.EnvVarsRead);
    }

    private static AuthConfigScanResult AssertUndecidable(string source, int line, string reasonPart, Dictionary<string, string>? modules = null)
    {
        var result = Scan(source, modules);
        Assert.Equal(ScanDecision.Undecidable, result.Decision);
        Assert.False(result.ReadsWorkOSClientId);
        Assert.Equal(line, result.UndecidableLine);
        Assert.Contains(reasonPart, result.UndecidableReason);
        Assert.Contains("line " + line, result.Reason);
        return result;
    }

    [Theory]
    [InlineData("process.env[[\"WORKOS\", \"CLIENT\", \"ID\"].join(\"_\")]")]
    [InlineData("process.env[\"WORKOS_\".concat(\"CLIENT_\", \"ID\")]")]
    [InlineData("process.env[\"workos_client_id\".toUpperCase()]")]
    [InlineData("globalThis.process?.env?.WORKOS_CLIENT_ID")]
    [InlineData("globalThis.process?.env[`WORKOS_${\"CLIENT\"}_ID`]")]
    public void Keys_folded_from_constants_are_reads(string expression)
    {
        AssertReads("export default {\n  providers: [{ applicationID: " + expression + " }],\n};\n", 2);
    }

    [Fact]
    public void Join_of_a_const_array_on_an_alias_of_globalThis_process_env_is_a_read()
    {
        AssertReads(
            "const PARTS = [\"WORKOS\", \"CLIENT\", \"ID\"] as const;\nconst SEP = \"_\";\nconst env = globalThis.process?.env ?? {};\n"
            + "const name = PARTS.join(SEP);\nexport default { providers: [{ applicationID: env[name] }] };\n", 5);
    }

    [Fact]
    public void Concatenated_const_bindings_are_a_read()
    {
        AssertReads("const A = 'WORKOS';\nconst B = A + '_CLIENT';\nconst KEY = `${B}_ID`;\nexport const id = process.env[KEY];\n", 4);
    }

    [Fact]
    public void Object_entries_compared_with_a_name_is_a_read()
    {
        AssertReads(
            "const id = Object.entries(process.env)\n  .find(([key]) => key === \"WORKOS_CLIENT_ID\")?.[1];\nexport default { providers: [{ applicationID: id }] };\n", 2);
    }

    [Fact]
    public void Object_keys_compared_with_a_name_on_the_left_is_a_read()
    {
        AssertReads("const found = Object.keys(process.env).filter((k) => 'WORKOS_CLIENT_ID' == k);\n", 1);
    }

    [Fact]
    public void For_in_over_process_env_compared_with_a_name_is_a_read()
    {
        AssertReads("let id;\nfor (const k in process.env) {\n  if (k === \"WORKOS_CLIENT_ID\") id = process.env[k];\n}\n", 3);
    }

    [Fact]
    public void For_of_over_entries_with_a_switch_is_a_read()
    {
        AssertReads(
            "let id = '';\nfor (const [name, value] of Object.entries(process.env)) {\n  switch (name) {\n    case 'WORKOS_CLIENT_ID':\n      id = value!;\n  }\n}\n", 4);
    }

    [Fact]
    public void Entries_kept_in_a_const_and_checked_against_a_list_is_a_read()
    {
        AssertReads("const names = Object.keys(process.env);\nconst wanted = names.filter((n) => [\"WORKOS_CLIENT_ID\", \"OTHER\"].includes(n));\n", 2);
    }

    [Fact]
    public void Spread_copy_of_process_env_is_an_alias()
    {
        AssertReads("const env = { ...process.env, NODE_ENV: 'x' };\nexport const id = env.WORKOS_CLIENT_ID;\n", 2);
    }

    [Fact]
    public void Enumeration_filtered_by_prefix_is_undecidable_with_its_line()
    {
        AssertUndecidable(
            "// keys of the form WORKOS_*\nconst workos = Object.keys(process.env).filter((k) => k.startsWith(\"WORKOS_\"));\nexport default { providers: [] };\n",
            2, "enumerates process.env");
    }

    [Fact]
    public void Enumeration_handed_to_other_code_is_undecidable()
    {
        AssertUndecidable("const all = new Map(Object.entries(process.env));\nexport const id = all.get('X');\n", 1, "enumerates process.env");
    }

    [Fact]
    public void Helper_reading_an_alias_with_its_parameter_is_followed()
    {
        AssertReads("const env = process.env;\nconst readEnv = (name: string) => env[name];\nexport default { providers: [{ applicationID: readEnv(\"WORKOS_CLIENT_ID\") }] };\n", 3);
    }

    [Fact]
    public void Literal_argument_is_propagated_into_a_key_built_from_the_parameter()
    {
        var result = Scan("function workos(suffix: string) {\n  return process.env[`WORKOS_${suffix}`] ?? '';\n}\nexport const id = workos('CLIENT_ID');\nexport const key = workos('API_KEY');\n");

        Assert.True(result.ReadsWorkOSClientId);
        Assert.Equal(4, result.Line);
        Assert.Equal(new[] { "WORKOS_API_KEY", "WORKOS_CLIENT_ID" }, result.EnvVarsRead);
    }

    [Fact]
    public void Helper_in_a_relative_import_is_followed_with_the_literal_argument()
    {
        var modules = new Dictionary<string, string>
        {
            ["./lib/env"] = "const env = process.env;\nexport function readEnv(name: string): string {\n  const value = env[name];\n  if (!value) throw new Error(name);\n  return value;\n}\n",
        };

        AssertReads("import { readEnv } from './lib/env';\n\nexport default { providers: [{ applicationID: readEnv('WORKOS_CLIENT_ID') }] };\n", 3, modules);
        Assert.Contains("from ./lib/env", Scan("import { readEnv } from './lib/env';\nexport const id = readEnv('WORKOS_CLIENT_ID');\n", modules).Reason);
    }

    [Fact]
    public void Helper_called_with_a_name_it_cannot_fold_is_undecidable()
    {
        AssertUndecidable(
            "function readEnv(name: string) { return process.env[name]; }\nconst which = Math.random() > 2 ? 'A' : 'B';\nexport const id = readEnv(which);\n",
            3, "calls `readEnv()` with a name it cannot work out");
    }

    [Fact]
    public void Helper_passed_on_as_a_value_is_undecidable()
    {
        AssertUndecidable("const readEnv = (name: string) => process.env[name];\nexport const ids = ['WORKOS_CLIENT_ID'].map(readEnv);\n", 2, "passes the helper `readEnv` on as a value");
    }

    [Fact]
    public void Key_that_cannot_be_folded_is_undecidable_with_its_line()
    {
        AssertUndecidable("let suffix = 'CLIENT_ID';\nexport const id = process.env[\n  'WORKOS_' + suffix.toUpperCase()];\n", 3, "reads process.env with a key it cannot work out");
    }

    [Fact]
    public void Reflect_own_keys_compared_with_a_name_is_a_read()
    {
        AssertReads("const has = Reflect.ownKeys(process.env).some((k) => k === 'WORKOS_CLIENT_ID');\n", 1);
    }

    [Fact]
    public void Require_that_is_not_a_plain_binding_is_undecidable()
    {
        AssertUndecidable("const name = './env';\nmodule.exports = { providers: [{ applicationID: require(name).id }] };\n", 2, "require() call");
    }

    [Fact]
    public void Dynamic_import_is_undecidable()
    {
        AssertUndecidable("const { env } = await import('./env');\nexport default { providers: [] };\n", 1, "dynamic import()");
    }

    [Fact]
    public void Call_into_a_package_is_undecidable_but_convex_itself_is_known()
    {
        AssertUndecidable("import { makeConfig } from '@acme/auth';\n\nexport default makeConfig();\n", 3, "calls makeConfig() from @acme/auth");
        AssertUndecidable("import * as auth from '@acme/auth';\nexport default auth.config({});\n", 2, "calls auth.config() from @acme/auth");

        var convexOnly = Scan("import { defineSchema } from 'convex/server';\nconst s = defineSchema({});\nexport default { providers: [] };\n");
        Assert.Equal(ScanDecision.DoesNotRead, convexOnly.Decision);
    }

    [Fact]
    public void Whole_environment_handed_to_a_function_is_undecidable()
    {
        AssertUndecidable("function pick(e: any) { return e.WORKOS_CLIENT_ID; }\nexport const id = pick(process.env);\n", 2, "hands process.env whole to other code");
    }

    [Fact]
    public void Undecidable_code_in_an_imported_module_is_reported_at_the_import()
    {
        var modules = new Dictionary<string, string> { ["./env"] = "import { load } from 'dotenv-like';\nexport const env = load();\n" };

        var result = AssertUndecidable("// config\nimport { env } from './env';\nexport default { providers: [{ domain: env.CLERK_ISSUER_URL }] };\n", 2, "imports ./env, where", modules);
        Assert.Contains("load() from dotenv-like", result.Reason);
    }

    [Fact]
    public void A_read_found_wins_over_code_it_cannot_follow()
    {
        var result = Scan("import { helper } from '@acme/auth';\nhelper();\nexport const id = process.env.WORKOS_CLIENT_ID;\n");

        Assert.Equal(ScanDecision.Reads, result.Decision);
        Assert.Equal(3, result.Line);
    }

    [Fact]
    public void Mention_line_is_the_fallback_evidence_and_comments_do_not_count()
    {
        var mentioned = Scan("import { make } from '@acme/auth';\n// WORKOS_CLIENT_ID in a comment\nexport default make(\"WORKOS_CLIENT_ID\");\n");
        var commentOnly = Scan("import { make } from '@acme/auth';\n// WORKOS_CLIENT_ID in a comment\nexport default make('MY_WORKOS_CLIENT_ID');\n");

        Assert.Equal(3, mentioned.MentionLine);
        Assert.Equal(0, commentOnly.MentionLine);
        Assert.Equal(ScanDecision.Undecidable, commentOnly.Decision);
    }

    [Fact]
    public void Fully_followed_config_without_the_read_stays_decided()
    {
        var result = Scan("const domain = process.env.CLERK_JWT_ISSUER_DOMAIN;\nexport default { providers: [{ domain, applicationID: 'convex' }] };\n");

        Assert.Equal(ScanDecision.DoesNotRead, result.Decision);
        Assert.Equal(0, result.UndecidableLine);
    }
}

/// <summary>Files built to make the new analyses do quadratic work finish with an answer (the 1 MiB cap bounds the rest).</summary>
public class IndirectReadWorkBoundTests
{
    [Fact]
    public void Helper_referenced_hundreds_of_thousands_of_times_in_a_list_is_undecidable_not_a_hang()
    {
        var source = "const f = (n: string) => process.env[n];\nexport const all = [" + string.Concat(Enumerable.Repeat("f,", 200_000)) + "];\n";

        var result = AuthConfigScanner.ScanSource(source, "/app/convex/auth.config.ts");

        Assert.Equal(ScanDecision.Undecidable, result.Decision);
        Assert.Equal(2, result.UndecidableLine);
    }

    [Fact]
    public void Thousands_of_enumerations_each_searching_to_the_end_of_the_file_are_undecidable_past_a_hundred()
    {
        var source = string.Concat(Enumerable.Repeat("const k = Object.keys(process.env);\n", 20_000)) + "export const id = k.find((x) => x.startsWith('A'));\n";

        var result = AuthConfigScanner.ScanSource(source, "/app/convex/auth.config.ts");

        Assert.Equal(ScanDecision.Undecidable, result.Decision);
        Assert.Equal(1, result.UndecidableLine);
    }

    [Fact]
    public void The_first_hundred_enumerations_are_still_followed()
    {
        var source = string.Concat(Enumerable.Repeat("const k = Object.keys(process.env);\n", 99)) + "export const id = k.find((x) => x === 'WORKOS_CLIENT_ID');\n";

        Assert.True(AuthConfigScanner.ScanSource(source, "/app/convex/auth.config.ts").ReadsWorkOSClientId);
    }

    [Fact]
    public void Helpers_fanning_out_to_helpers_run_out_of_budget_as_undecidable()
    {
        var source = new System.Text.StringBuilder("const h0 = (n: string) => process.env[n];\n");
        for (var level = 1; level <= 8; level++)
            source.Append($"const h{level} = (n: string) => [{string.Join(", ", Enumerable.Repeat($"h{level - 1}(n)", 10))}];\n");
        source.Append("export const id = h8('X');\n");

        var result = AuthConfigScanner.ScanSource(source.ToString(), "/app/convex/auth.config.ts");

        Assert.Equal(ScanDecision.Undecidable, result.Decision);
        Assert.Contains("`h8()`", result.UndecidableReason);
    }
}
