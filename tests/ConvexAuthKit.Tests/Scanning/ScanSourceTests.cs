using ConvexAuthKit.Scanning;

namespace ConvexAuthKit.Tests.Scanning;

/// <summary>Which code counts as reading an environment variable, within one file.</summary>
public class ScanSourceTests
{
    private static AuthConfigScanResult Scan(string source) => AuthConfigScanner.ScanSource(source, "/app/convex/auth.config.ts");

    [Fact]
    public void Process_env_member_is_a_read_with_its_line()
    {
        var result = Scan("// header\nconst clientId = process.env.WORKOS_CLIENT_ID;\n");

        Assert.True(result.ReadsWorkOSClientId);
        Assert.Equal(2, result.Line);
        Assert.Equal(new[] { "WORKOS_CLIENT_ID" }, result.EnvVarsRead);
    }

    [Fact]
    public void Reason_names_the_file_the_mechanism_and_the_line()
    {
        var result = Scan("\n\nconst clientId = process.env.WORKOS_CLIENT_ID;\n");

        Assert.Equal("convex/auth.config.ts reads WORKOS_CLIENT_ID through process.env at line 3", result.Reason);
    }

    [Theory]
    [InlineData("process.env[\"WORKOS_CLIENT_ID\"]")]
    [InlineData("process.env['WORKOS_CLIENT_ID']")]
    [InlineData("process.env[`WORKOS_CLIENT_ID`]")]
    [InlineData("process.env?.WORKOS_CLIENT_ID")]
    [InlineData("process.env?.[\"WORKOS_CLIENT_ID\"]")]
    [InlineData("process.env.WORKOS_CLIENT_ID!")]
    [InlineData("process!.env!.WORKOS_CLIENT_ID")]
    [InlineData("globalThis.process.env.WORKOS_CLIENT_ID")]
    [InlineData("process.env[\"WORKOS\\u005FCLIENT_ID\"]")]
    public void Every_spelling_of_a_process_env_member_is_a_read(string expression)
    {
        Assert.True(Scan("export const id = " + expression + ";").ReadsWorkOSClientId);
    }

    [Fact]
    public void Member_chain_split_across_lines_is_a_read_at_the_name_line()
    {
        var result = Scan("const clientId = process\n  .env\n  .WORKOS_CLIENT_ID!;\n");

        Assert.True(result.ReadsWorkOSClientId);
        Assert.Equal(3, result.Line);
    }

    [Fact]
    public void Name_in_line_comment_is_not_a_read()
    {
        var result = Scan("// const id = process.env.WORKOS_CLIENT_ID;\nexport default { providers: [] };\n");

        Assert.False(result.ReadsWorkOSClientId);
        Assert.Equal(0, result.Line);
        Assert.Contains("only in a comment (line 1)", result.Reason);
    }

    [Fact]
    public void Name_in_block_comment_is_not_a_read()
    {
        var result = Scan("/*\n  applicationID: process.env.WORKOS_CLIENT_ID,\n*/\nexport default { providers: [] };\n");

        Assert.False(result.ReadsWorkOSClientId);
        Assert.Contains("only in a comment (line 2)", result.Reason);
    }

    [Fact]
    public void Name_in_string_literal_is_not_a_read()
    {
        var result = Scan("const hint = 'set process.env.WORKOS_CLIENT_ID';\nconst other = \"process.env['WORKOS_CLIENT_ID']\";\n");

        Assert.False(result.ReadsWorkOSClientId);
        Assert.Empty(result.EnvVarsRead);
        Assert.Contains("only in a string", result.Reason);
    }

    [Fact]
    public void Template_text_is_not_a_read_but_its_substitution_is()
    {
        var textOnly = Scan("const help = `Unset WORKOS_CLIENT_ID and process.env.WORKOS_CLIENT_ID`;");
        var substitution = Scan("const jwks = `https://api.workos.com/sso/jwks/${process.env.WORKOS_CLIENT_ID}`;");

        Assert.False(textOnly.ReadsWorkOSClientId);
        Assert.True(substitution.ReadsWorkOSClientId);
    }

    [Fact]
    public void String_inside_template_substitution_is_not_a_read()
    {
        Assert.False(Scan("const s = `${\"process.env.WORKOS_CLIENT_ID\"} is text`;").ReadsWorkOSClientId);
    }

    [Fact]
    public void Longer_names_are_not_reads()
    {
        var result = Scan(
            "const a = process.env.VITE_WORKOS_CLIENT_ID;\nconst b = process.env.WORKOS_CLIENT_ID_OLD;\nconst c = process.env['MY_WORKOS_CLIENT_ID'];\n");

        Assert.False(result.ReadsWorkOSClientId);
        Assert.Equal(new[] { "MY_WORKOS_CLIENT_ID", "VITE_WORKOS_CLIENT_ID", "WORKOS_CLIENT_ID_OLD" }, result.EnvVarsRead);
        Assert.Contains("but not WORKOS_CLIENT_ID itself", result.Reason);
    }

    [Fact]
    public void Env_of_other_objects_is_not_a_read()
    {
        var result = Scan(
            "const settings = { env: { WORKOS_CLIENT_ID: 'x' } };\n"
            + "const a = settings.env.WORKOS_CLIENT_ID;\n"
            + "const b = import.meta.env.WORKOS_CLIENT_ID;\n"
            + "const myProcess = { env: {} };\nconst c = myProcess.env.WORKOS_CLIENT_ID;\n");

        Assert.False(result.ReadsWorkOSClientId);
        Assert.Empty(result.EnvVarsRead);
        Assert.Contains("only as a property of something other than process.env", result.Reason);
    }

    [Fact]
    public void Locally_declared_process_is_not_nodes()
    {
        Assert.False(Scan("const process = { env: { WORKOS_CLIENT_ID: 'x' } };\nconst id = process.env.WORKOS_CLIENT_ID;").ReadsWorkOSClientId);
    }

    [Fact]
    public void Destructuring_with_rename_and_default_is_a_read()
    {
        var result = Scan("const { WORKOS_CLIENT_ID: clientId = \"\", CONVEX_SITE_URL } = process.env;");

        Assert.True(result.ReadsWorkOSClientId);
        Assert.Equal(new[] { "CONVEX_SITE_URL", "WORKOS_CLIENT_ID" }, result.EnvVarsRead);
        Assert.Contains("by destructuring process.env", result.Reason);
    }

    [Theory]
    [InlineData("let")]
    [InlineData("var")]
    public void Destructuring_with_let_or_var_is_a_read(string keyword)
    {
        Assert.True(Scan(keyword + " { WORKOS_CLIENT_ID } = process.env;").ReadsWorkOSClientId);
    }

    [Fact]
    public void Alias_of_process_env_is_followed_inside_functions_and_templates()
    {
        var result = Scan(
            "const env = process.env;\n"
            + "function provider() {\n  return { jwks: `https://api.workos.com/sso/jwks/${env.WORKOS_CLIENT_ID}` };\n}\n"
            + "const other = env['AUTH0_DOMAIN'];\n");

        Assert.True(result.ReadsWorkOSClientId);
        Assert.Equal(3, result.Line);
        Assert.Equal(new[] { "AUTH0_DOMAIN", "WORKOS_CLIENT_ID" }, result.EnvVarsRead);
        Assert.Contains("`env`, an alias of process.env", result.Reason);
    }

    [Fact]
    public void Alias_declared_after_the_function_that_uses_it_is_followed()
    {
        Assert.True(Scan("function id() { return e.WORKOS_CLIENT_ID; }\nconst e = process.env;\n").ReadsWorkOSClientId);
    }

    [Fact]
    public void Destructuring_from_alias_is_a_read()
    {
        Assert.True(Scan("const env = process.env as Record<string, string>;\nconst { WORKOS_CLIENT_ID: id } = env;").ReadsWorkOSClientId);
    }

    [Fact]
    public void Alias_of_an_alias_is_followed()
    {
        Assert.True(Scan("const a = process.env;\nconst b = a;\nexport const id = b.WORKOS_CLIENT_ID;").ReadsWorkOSClientId);
    }

    [Fact]
    public void Rest_element_of_destructured_env_is_an_alias()
    {
        Assert.True(Scan("const { NODE_ENV, ...rest } = process.env;\nexport const id = rest.WORKOS_CLIENT_ID;").ReadsWorkOSClientId);
    }

    [Fact]
    public void Env_destructured_from_process_is_an_alias()
    {
        Assert.True(Scan("const { env } = process;\nexport const id = env.WORKOS_CLIENT_ID;").ReadsWorkOSClientId);
    }

    [Fact]
    public void Env_imported_from_node_process_is_an_alias()
    {
        Assert.True(Scan("import { env } from 'node:process';\nexport const id = env.WORKOS_CLIENT_ID;").ReadsWorkOSClientId);
    }

    [Fact]
    public void Variable_named_property_of_a_local_built_from_process_env_is_a_read()
    {
        var result = Scan(
            "import { createEnv } from '@t3-oss/env-core';\n"
            + "const env = createEnv({\n  server: { WORKOS_CLIENT_ID: z.string() },\n  runtimeEnv: process.env,\n});\n"
            + "export default { providers: [{ applicationID: env.WORKOS_CLIENT_ID, other: env.parse }] };\n");

        Assert.True(result.ReadsWorkOSClientId);
        Assert.Equal(6, result.Line);
        Assert.Equal(new[] { "WORKOS_CLIENT_ID" }, result.EnvVarsRead);
    }

    [Fact]
    public void Local_built_from_one_variable_is_not_an_environment_object()
    {
        Assert.False(Scan("const cfg = parse(process.env.CONFIG);\nconst id = cfg.WORKOS_CLIENT_ID;").ReadsWorkOSClientId);
    }

    [Fact]
    public void Computed_key_from_constant_concatenation_is_a_read()
    {
        var result = Scan("const PREFIX = 'WORKOS_';\nconst clientId = process.env[PREFIX + 'CLIENT_ID'];\n");

        Assert.True(result.ReadsWorkOSClientId);
        Assert.Equal(2, result.Line);
        Assert.Contains("with a computed key", result.Reason);
    }

    [Fact]
    public void Template_literal_key_with_constant_substitutions_is_a_read()
    {
        Assert.True(Scan("const P = 'WORKOS' as const;\nconst S: string = `CLIENT_${'ID'}`;\nexport const id = process.env[`${P}_${S}`];").ReadsWorkOSClientId);
    }

    [Fact]
    public void Key_that_is_not_constant_is_not_a_read()
    {
        var result = Scan("let suffix = 'CLIENT_ID';\nexport const id = process.env['WORKOS_' + suffix.toUpperCase()];");

        Assert.False(result.ReadsWorkOSClientId);
        Assert.Empty(result.EnvVarsRead);
    }

    [Fact]
    public void Key_helper_function_in_the_same_file_is_followed()
    {
        var result = Scan(
            "function required(name: string): string {\n  const v = process.env[name];\n  if (!v) throw new Error(name);\n  return v;\n}\n"
            + "const optional = (name: string) => process.env[name] ?? '';\n"
            + "export const id = required('WORKOS_CLIENT_ID');\nexport const site = optional(\"CONVEX_SITE_URL\");\n");

        Assert.True(result.ReadsWorkOSClientId);
        Assert.Equal(7, result.Line);
        Assert.Equal(new[] { "CONVEX_SITE_URL", "WORKOS_CLIENT_ID" }, result.EnvVarsRead);
        Assert.Contains("the helper `required()`", result.Reason);
    }

    [Fact]
    public void Helper_calling_another_helper_with_its_parameter_is_followed()
    {
        var source = "const get = (key) => process.env[key];\nfunction must(label, key) { return get(key) ?? fail(label); }\nexport const id = must('client', 'WORKOS_CLIENT_ID');";

        Assert.True(Scan(source).ReadsWorkOSClientId);
    }

    [Fact]
    public void Code_without_semicolons_is_scanned()
    {
        Assert.True(Scan("const PREFIX = 'WORKOS_'\nconst id = process.env[PREFIX + 'CLIENT_ID']\nexport default { providers: [] }\n").ReadsWorkOSClientId);
    }

    [Fact]
    public void Regex_literal_containing_quotes_does_not_confuse_the_lexer()
    {
        var result = Scan("const re = /[\"'`]/g;\nconst id = process.env.WORKOS_CLIENT_ID?.replace(/^\"|\"$/g, '');\n");

        Assert.True(result.ReadsWorkOSClientId);
        Assert.Equal(2, result.Line);
    }

    [Fact]
    public void Regex_literal_containing_comment_markers_does_not_hide_code()
    {
        Assert.True(Scan("const re = /\\/*x/;\nexport const id = process.env.WORKOS_CLIENT_ID;\nconst z = /[*/]/;").ReadsWorkOSClientId);
    }

    [Fact]
    public void Division_is_not_mistaken_for_a_regex()
    {
        // Were the first '/' taken as a regex start, the string's quote would open a string that hides the read.
        Assert.True(Scan("const half = width / 2, q = (a) / \"'\";\nexport const id = process.env.WORKOS_CLIENT_ID;").ReadsWorkOSClientId);
    }

    [Fact]
    public void Crlf_line_endings_keep_line_numbers()
    {
        Assert.Equal(3, Scan("// a\r\n// b\r\nconst id = process.env.WORKOS_CLIENT_ID;\r\n").Line);
    }

    [Fact]
    public void Byte_order_mark_is_ignored()
    {
        var result = Scan("\uFEFFconst id = process.env.WORKOS_CLIENT_ID;");

        Assert.True(result.ReadsWorkOSClientId);
        Assert.Equal(1, result.Line);
    }

    [Fact]
    public void Config_with_no_env_reads_says_so()
    {
        var result = Scan("export default { providers: [{ domain: 'https://clerk.example.com', applicationID: 'convex' }] };");

        Assert.False(result.ReadsWorkOSClientId);
        Assert.Equal("convex/auth.config.ts does not read WORKOS_CLIENT_ID (it reads no environment variables)", result.Reason);
    }

    [Fact]
    public void Env_vars_are_sorted_and_distinct()
    {
        var result = Scan("const a = process.env.ZED;\nconst b = process.env.ALPHA;\nconst c = process.env.ZED;");

        Assert.Equal(new[] { "ALPHA", "ZED" }, result.EnvVarsRead);
    }

    [Fact]
    public void Scanning_text_without_a_path_leaves_ConfigFile_null()
    {
        var result = AuthConfigScanner.ScanSource("const id = process.env.WORKOS_CLIENT_ID;");

        Assert.Null(result.ConfigFile);
        Assert.StartsWith("the auth config reads WORKOS_CLIENT_ID", result.Reason);
    }
}
