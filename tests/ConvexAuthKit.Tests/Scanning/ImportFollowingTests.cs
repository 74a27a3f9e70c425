using ConvexAuthKit.Scanning;

namespace ConvexAuthKit.Tests.Scanning;

/// <summary>Reads that happen in code the auth config imports: the generated env, relative modules, packages.</summary>
public class ImportFollowingTests
{
    private static AuthConfigScanResult Scan(string source, Dictionary<string, string>? modules = null, List<string>? requested = null) =>
        AuthConfigScanner.ScanSource(source, "/app/convex/auth.config.ts", modules == null ? null : specifier =>
        {
            requested?.Add(specifier);
            return modules.TryGetValue(specifier, out var text) ? text : null;
        });

    [Theory]
    [InlineData("./_generated/server")]
    [InlineData("../convex/_generated/server.js")]
    public void Generated_env_is_a_read(string specifier)
    {
        var result = Scan($"import {{ env }} from '{specifier}';\nconst clientId = env.WORKOS_CLIENT_ID;");

        Assert.True(result.ReadsWorkOSClientId);
        Assert.Contains("the Convex-generated env object", result.Reason);
    }

    [Fact]
    public void Renamed_generated_env_is_a_read()
    {
        Assert.True(Scan("import { query, env as deploymentEnv } from './_generated/server';\nconst { WORKOS_CLIENT_ID } = deploymentEnv;").ReadsWorkOSClientId);
    }

    [Fact]
    public void Generated_env_required_from_commonjs_is_a_read()
    {
        Assert.True(Scan("const { env } = require('./_generated/server');\nmodule.exports = { id: env.WORKOS_CLIENT_ID };").ReadsWorkOSClientId);
    }

    [Fact]
    public void Type_only_import_binds_nothing()
    {
        Assert.False(Scan("import type { env } from './_generated/server';\nconst id = env.WORKOS_CLIENT_ID;").ReadsWorkOSClientId);
    }

    [Fact]
    public void Import_from_relative_helper_is_followed()
    {
        var modules = new Dictionary<string, string>
        {
            ["./_shared/env"] =
                "function getRequiredEnv(name: string) {\n  const value = process.env[name];\n  if (!value) throw new Error(`Missing ${name}`);\n  return value;\n}\n"
                + "export const env = {\n  get WORKOS_CLIENT_ID() { return getRequiredEnv('WORKOS_CLIENT_ID'); },\n"
                + "  get WORKOS_API_KEY() { return getRequiredEnv('WORKOS_API_KEY'); },\n};\n",
        };

        var result = Scan("import { env } from './_shared/env';\n\nconst clientId = env.WORKOS_CLIENT_ID;\n", modules);

        Assert.True(result.ReadsWorkOSClientId);
        Assert.Equal(3, result.Line);
        Assert.Equal(new[] { "WORKOS_CLIENT_ID" }, result.EnvVarsRead);
        Assert.Equal("convex/auth.config.ts reads WORKOS_CLIENT_ID through `env` from ./_shared/env at line 3", result.Reason);
    }

    [Fact]
    public void Property_of_a_relative_import_that_does_not_read_it_is_not_a_read()
    {
        var modules = new Dictionary<string, string> { ["./settings"] = "export const env = { WORKOS_CLIENT_ID: 'client_01HARDCODED' };" };

        Assert.False(Scan("import { env } from './settings';\nconst id = env.WORKOS_CLIENT_ID;", modules).ReadsWorkOSClientId);
    }

    [Fact]
    public void Unreadable_relative_env_import_counts_variable_named_properties()
    {
        var result = Scan("import { env } from './_shared/env';\nconst id = env.WORKOS_CLIENT_ID;\nconst other = env.someHelper;");

        Assert.True(result.ReadsWorkOSClientId);
        Assert.Equal(new[] { "WORKOS_CLIENT_ID" }, result.EnvVarsRead);
        Assert.Contains("could not be read", result.Reason);
    }

    [Fact]
    public void Unreadable_relative_import_not_named_like_an_env_object_is_not_a_read()
    {
        Assert.False(Scan("import { limits } from './constants';\nconst id = limits.WORKOS_CLIENT_ID;").ReadsWorkOSClientId);
    }

    [Fact]
    public void Helper_function_from_relative_import_counts_its_reads()
    {
        var modules = new Dictionary<string, string>
        {
            ["./auth/workos"] = "export function workosClientId() {\n  return process.env.WORKOS_CLIENT_ID ?? '';\n}\n",
        };

        var result = Scan("import { workosClientId } from './auth/workos';\nconst id = workosClientId();", modules);

        Assert.True(result.ReadsWorkOSClientId);
        Assert.Equal(2, result.Line);
    }

    [Fact]
    public void Exported_key_helper_is_followed_with_the_callers_argument()
    {
        var modules = new Dictionary<string, string> { ["./lib/env"] = "export const getEnv = (name: string) => process.env[name]!;" };

        var result = Scan("import { getEnv as read } from './lib/env';\nconst id = read('WORKOS_CLIENT_ID');", modules);

        Assert.True(result.ReadsWorkOSClientId);
        Assert.Equal(new[] { "WORKOS_CLIENT_ID" }, result.EnvVarsRead);
    }

    [Fact]
    public void Module_reexporting_process_env_is_an_alias()
    {
        var modules = new Dictionary<string, string> { ["./env"] = "const env = process.env;\nexport { env as runtime };" };

        Assert.True(Scan("import { runtime } from './env';\nconst { WORKOS_CLIENT_ID } = runtime;", modules).ReadsWorkOSClientId);
    }

    [Fact]
    public void Module_handing_process_env_to_a_validator_makes_its_properties_reads()
    {
        var modules = new Dictionary<string, string>
        {
            ["./env"] = "import { createEnv } from '@t3-oss/env-core';\nexport const envVariables = createEnv({ server: {}, runtimeEnv: process.env });",
        };

        Assert.True(Scan("import { envVariables } from './env';\nconst id = envVariables.WORKOS_CLIENT_ID;", modules).ReadsWorkOSClientId);
    }

    [Fact]
    public void Nested_relative_imports_resolve_against_the_importing_module()
    {
        var requested = new List<string>();
        var modules = new Dictionary<string, string>
        {
            ["./_shared/env"] = "import { clientId } from '../lib/workos';\nexport const env = { WORKOS_CLIENT_ID: clientId() };",
            ["./lib/workos"] = "export const clientId = () => process.env.WORKOS_CLIENT_ID!;",
        };

        var result = Scan("import { env } from './_shared/env';\nconst id = env.WORKOS_CLIENT_ID;", modules, requested);

        Assert.True(result.ReadsWorkOSClientId);
        Assert.Equal(new[] { "./_shared/env", "./lib/workos" }, requested);
    }

    [Fact]
    public void Import_cycle_terminates()
    {
        var modules = new Dictionary<string, string>
        {
            ["./a"] = "import { b } from './b';\nexport const a = () => b() + process.env.WORKOS_CLIENT_ID;",
            ["./b"] = "import { a } from './a';\nexport const b = () => a();",
        };

        Assert.True(Scan("import { b } from './b';\nexport const x = b();", modules).ReadsWorkOSClientId);
    }

    [Fact]
    public void Imports_deeper_than_the_cap_are_not_followed()
    {
        var modules = new Dictionary<string, string>();
        for (var i = 1; i <= 7; i++)
            modules["./m" + i] = i == 7 ? "export const f = () => process.env.WORKOS_CLIENT_ID;" : $"import {{ f as g }} from './m{i + 1}';\nexport const f = () => g();";

        Assert.False(Scan("import { f } from './m1';\nexport const x = f();", modules).ReadsWorkOSClientId);
    }

    [Fact]
    public void Imported_module_the_lexer_cannot_read_counts_as_missing()
    {
        var modules = new Dictionary<string, string> { ["./ui"] = "export const label = 'unterminated;" };

        var result = Scan("import { label } from './ui';\nexport default { providers: [], label };", modules);

        Assert.False(result.ReadsWorkOSClientId);
    }

    [Fact]
    public void WorkOS_authkit_getAuthConfigProviders_is_a_read()
    {
        var result = Scan(
            "import { AuthKit } from '@convex-dev/workos-authkit';\nimport { components } from './_generated/api';\n"
            + "const authKit = new AuthKit(components.workOSAuthKit);\nexport default { providers: authKit.getAuthConfigProviders() };");

        Assert.True(result.ReadsWorkOSClientId);
        Assert.Equal(new[] { "WORKOS_CLIENT_ID" }, result.EnvVarsRead);
        Assert.Contains("@convex-dev/workos-authkit", result.Reason);
    }

    [Fact]
    public void WorkOS_authkit_instance_from_relative_module_is_followed()
    {
        var modules = new Dictionary<string, string>
        {
            ["./auth"] = "import { AuthKit } from '@convex-dev/workos-authkit';\nimport { components } from './_generated/api';\n"
                + "export const authKit = new AuthKit(components.workOSAuthKit);",
        };

        var result = Scan("import { authKit } from './auth';\nexport default { providers: authKit.getAuthConfigProviders() };", modules);

        Assert.True(result.ReadsWorkOSClientId);
        Assert.Equal(2, result.Line);
    }

    [Fact]
    public void GetAuthConfigProviders_on_a_readable_module_without_AuthKit_is_not_a_read()
    {
        var modules = new Dictionary<string, string> { ["./auth"] = "export const authKit = { getAuthConfigProviders: () => [] };" };

        Assert.False(Scan("import { authKit } from './auth';\nexport default { providers: authKit.getAuthConfigProviders() };", modules).ReadsWorkOSClientId);
    }

    [Fact]
    public void Opaque_package_factory_is_not_a_read_and_the_reason_names_it()
    {
        var result = Scan("import { createAuthHttpConfig } from '@platform/auth/convex';\n\nexport default createAuthHttpConfig();\n");

        Assert.False(result.ReadsWorkOSClientId);
        Assert.Contains("createAuthHttpConfig() from @platform/auth/convex", result.Reason);
    }
}
