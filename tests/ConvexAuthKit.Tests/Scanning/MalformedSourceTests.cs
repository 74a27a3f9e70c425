using ConvexAuthKit.Diagnostics;
using ConvexAuthKit.Scanning;

namespace ConvexAuthKit.Tests.Scanning;

/// <summary>Input the scanner cannot take fails with CAK0007, pointing at the file and, where it can, the line.</summary>
public class MalformedSourceTests
{
    private const string FilePath = "/app/convex/auth.config.ts";

    private static ConvexAuthKitException ScanFails(string source)
    {
        var error = Assert.Throws<ConvexAuthKitException>(() => AuthConfigScanner.ScanSource(source, FilePath));
        Assert.Equal(DiagnosticCodes.AuthConfigUnreadable, error.Code);
        Assert.Equal(FilePath, error.File);
        return error;
    }

    [Fact]
    public void Unterminated_template_literal_reports_CAK0007_with_start_line()
    {
        var error = ScanFails("const a = 1;\nconst jwks = `https://api.workos.com/sso/jwks/\n${clientId}\n");

        Assert.Equal(2, error.Line);
        Assert.Contains("template literal", error.Message);
    }

    [Fact]
    public void Template_unterminated_inside_its_substitution_reports_its_start_line()
    {
        Assert.Equal(1, ScanFails("const a = `x ${ b + \n c").Line);
    }

    [Fact]
    public void Unterminated_block_comment_reports_CAK0007_with_start_line()
    {
        var error = ScanFails("const a = 1;\n\n/* providers:\n  []\n");

        Assert.Equal(3, error.Line);
        Assert.Contains("*/", error.Message);
    }

    [Fact]
    public void Unterminated_string_reports_CAK0007_with_its_line()
    {
        var error = ScanFails("const a = 1;\nconst b = 'abc;\nconst c = 2;\n");

        Assert.Equal(2, error.Line);
    }

    [Fact]
    public void Character_outside_javascript_reports_CAK0007()
    {
        var error = ScanFails("export default {\n  providers: § [],\n};");

        Assert.Equal(2, error.Line);
        Assert.Contains("U+00A7", error.Message);
    }

    [Fact]
    public void Source_with_nul_character_is_rejected()
    {
        var error = ScanFails("const a = 1;\0");

        Assert.Equal(0, error.Line);
        Assert.Contains("NUL", error.Message);
    }

    [Fact]
    public void Source_longer_than_one_mebibyte_is_rejected()
    {
        var error = ScanFails("// " + new string('x', 1024 * 1024));

        Assert.Contains("1 MiB", error.Message);
    }

    [Fact]
    public void Deeply_nested_templates_fail_cleanly_instead_of_overflowing_the_stack()
    {
        var source = "const a = " + string.Concat(Enumerable.Repeat("`${", 200_000));

        Assert.Equal(1, ScanFails(source).Line);
    }

    [Fact]
    public void Deeply_nested_constant_key_is_not_evaluated_recursively_without_bound()
    {
        var depth = 100_000;
        var source = "const id = process.env[" + new string('(', depth) + "'WORKOS_CLIENT_ID'" + new string(')', depth) + "];";

        Assert.False(AuthConfigScanner.ScanSource(source, FilePath).ReadsWorkOSClientId);
    }
}
