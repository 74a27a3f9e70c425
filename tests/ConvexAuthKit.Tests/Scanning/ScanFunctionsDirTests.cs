using System.Text;
using ConvexAuthKit.Diagnostics;
using ConvexAuthKit.Scanning;

namespace ConvexAuthKit.Tests.Scanning;

/// <summary>Finding and reading auth.config.* in the functions folder.</summary>
public sealed class ScanFunctionsDirTests : IDisposable
{
    private const string ReadsClientId = "export default { providers: [{ applicationID: process.env.WORKOS_CLIENT_ID }] };\n";
    private const string ReadsNothing = "export default { providers: [] };\n";

    private readonly string _functionsDir = Path.Combine(Path.GetTempPath(), "cak-scan-" + Guid.NewGuid().ToString("N"), "convex");

    public ScanFunctionsDirTests()
    {
        Directory.CreateDirectory(_functionsDir);
    }

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_functionsDir)!, recursive: true);

    private string Write(string relativePath, string text)
    {
        var path = Path.Combine(_functionsDir, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Missing_auth_config_is_not_a_read()
    {
        var result = AuthConfigScanner.ScanFunctionsDir(_functionsDir);

        Assert.Null(result.ConfigFile);
        Assert.False(result.ReadsWorkOSClientId);
        Assert.Empty(result.EnvVarsRead);
        Assert.Equal("no auth.config.ts, auth.config.js or auth.config.mjs in convex/", result.Reason);
    }

    [Fact]
    public void Missing_functions_folder_is_not_a_read()
    {
        Assert.False(AuthConfigScanner.ScanFunctionsDir(Path.Combine(_functionsDir, "absent")).ReadsWorkOSClientId);
    }

    [Fact]
    public void Ts_preferred_over_js_when_both_exist()
    {
        var ts = Write("auth.config.ts", ReadsClientId);
        Write("auth.config.js", ReadsNothing);

        var result = AuthConfigScanner.ScanFunctionsDir(_functionsDir);

        Assert.Equal(Path.GetFullPath(ts), result.ConfigFile);
        Assert.True(result.ReadsWorkOSClientId);
        Assert.Contains("auth.config.js also exists and was not scanned", result.Reason);
    }

    [Fact]
    public void Js_preferred_over_mjs_when_there_is_no_ts()
    {
        var js = Write("auth.config.js", ReadsNothing);
        Write("auth.config.mjs", ReadsClientId);

        var result = AuthConfigScanner.ScanFunctionsDir(_functionsDir);

        Assert.Equal(Path.GetFullPath(js), result.ConfigFile);
        Assert.False(result.ReadsWorkOSClientId);
    }

    [Fact]
    public void Mjs_is_scanned_when_it_is_the_only_one()
    {
        var mjs = Write("auth.config.mjs", ReadsClientId);

        var result = AuthConfigScanner.ScanFunctionsDir(_functionsDir);

        Assert.Equal(Path.GetFullPath(mjs), result.ConfigFile);
        Assert.True(result.ReadsWorkOSClientId);
        Assert.Equal("convex/auth.config.mjs reads WORKOS_CLIENT_ID through process.env at line 1", result.Reason);
    }

    [Fact]
    public void File_with_nul_bytes_is_rejected()
    {
        var path = Path.Combine(_functionsDir, "auth.config.ts");
        File.WriteAllBytes(path, Encoding.Unicode.GetBytes(ReadsClientId));

        var error = Assert.Throws<ConvexAuthKitException>(() => AuthConfigScanner.ScanFunctionsDir(_functionsDir));

        Assert.Equal(DiagnosticCodes.AuthConfigUnreadable, error.Code);
        Assert.Equal(path, error.File);
        Assert.Equal(0, error.Line);
    }

    [Fact]
    public void File_larger_than_one_mebibyte_is_rejected()
    {
        Write("auth.config.ts", ReadsClientId + "// " + new string('x', 1024 * 1024));

        var error = Assert.Throws<ConvexAuthKitException>(() => AuthConfigScanner.ScanFunctionsDir(_functionsDir));

        Assert.Equal(DiagnosticCodes.AuthConfigUnreadable, error.Code);
    }

    [Fact]
    public void Utf8_bom_and_crlf_keep_line_numbers()
    {
        File.WriteAllBytes(Path.Combine(_functionsDir, "auth.config.ts"),
            Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("// x\r\nconst id = process.env.WORKOS_CLIENT_ID;\r\n")).ToArray());

        var result = AuthConfigScanner.ScanFunctionsDir(_functionsDir);

        Assert.True(result.ReadsWorkOSClientId);
        Assert.Equal(2, result.Line);
    }

    [Fact]
    public void Relative_import_is_read_from_disk_and_listed_as_an_input()
    {
        var module = Write("_shared/env.ts", "export const env = { get WORKOS_CLIENT_ID() { return process.env.WORKOS_CLIENT_ID!; } };\n");
        Write("auth.config.ts", "import { env } from './_shared/env';\nconst id = env.WORKOS_CLIENT_ID;\n");

        var result = AuthConfigScanner.ScanFunctionsDir(_functionsDir);

        Assert.True(result.ReadsWorkOSClientId);
        Assert.DoesNotContain("could not be read", result.Reason);
        Assert.Equal(new[] { Path.GetFullPath(module) }, result.ImportedFiles);
    }

    [Fact]
    public void Js_specifier_finds_the_ts_module_and_index_files_are_found()
    {
        Write("lib/index.ts", "export { clientId } from './workos.js';\nexport const site = () => process.env.CONVEX_SITE_URL;\n");
        Write("helpers.ts", "export const clientId = () => process.env.WORKOS_CLIENT_ID;\n");
        Write("auth.config.ts", "import { clientId } from './helpers.js';\nimport { site } from './lib';\nexport default { a: clientId(), b: site() };\n");

        var result = AuthConfigScanner.ScanFunctionsDir(_functionsDir);

        Assert.True(result.ReadsWorkOSClientId);
        Assert.Equal(new[] { "CONVEX_SITE_URL", "WORKOS_CLIENT_ID" }, result.EnvVarsRead);
    }

    [Fact]
    public void Imported_module_that_reads_the_name_only_in_a_comment_is_not_a_read()
    {
        Write("_shared/env.ts", "// WORKOS_CLIENT_ID comes later\nexport const env = { WORKOS_CLIENT_ID: 'fixed' };\n");
        Write("auth.config.ts", "import { env } from './_shared/env';\nconst id = env.WORKOS_CLIENT_ID;\n");

        Assert.False(AuthConfigScanner.ScanFunctionsDir(_functionsDir).ReadsWorkOSClientId);
    }
}
