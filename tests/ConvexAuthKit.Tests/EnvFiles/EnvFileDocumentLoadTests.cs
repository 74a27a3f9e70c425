using System.Text;
using ConvexAuthKit.Diagnostics;
using ConvexAuthKit.EnvFiles;

namespace ConvexAuthKit.Tests.EnvFiles;

public class EnvFileDocumentLoadTests
{
    [Fact]
    public void Missing_file_loads_as_an_empty_document_that_does_not_exist()
    {
        using var temp = new TempDirectory();

        var document = EnvFileDocument.Load(temp.File(".env.local"));

        Assert.False(document.Exists);
        Assert.Equal("", document.Text);
        Assert.False(document.IsModified);
    }

    [Fact]
    public void Existing_file_loads_with_its_values()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File(".env.local"), "A=1\n");

        var document = EnvFileDocument.Load(temp.File(".env.local"));

        Assert.True(document.Exists);
        Assert.Equal("1", document.GetValue("A"));
        Assert.Equal(temp.File(".env.local"), document.Path);
    }

    [Fact]
    public void Directory_at_the_path_reports_CAK0004()
    {
        using var temp = new TempDirectory();
        Directory.CreateDirectory(temp.File(".env.local"));

        var error = Assert.Throws<ConvexAuthKitException>(() => EnvFileDocument.Load(temp.File(".env.local")));

        Assert.Equal(DiagnosticCodes.EnvFileInvalid, error.Code);
        Assert.Equal(temp.File(".env.local"), error.File);
    }

    [Fact]
    public void File_over_1_MiB_reports_CAK0004()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File(".env.local"), "# " + new string('x', 1024 * 1024) + "\n");

        var error = Assert.Throws<ConvexAuthKitException>(() => EnvFileDocument.Load(temp.File(".env.local")));

        Assert.Equal(DiagnosticCodes.EnvFileInvalid, error.Code);
    }

    [Fact]
    public void File_of_exactly_1_MiB_loads()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File(".env.local"), "# " + new string('x', 1024 * 1024 - 3) + "\n");

        Assert.True(EnvFileDocument.Load(temp.File(".env.local")).Exists);
    }

    [Fact]
    public void Invalid_utf8_reports_CAK0004_with_its_line()
    {
        using var temp = new TempDirectory();
        File.WriteAllBytes(temp.File(".env.local"), [.. "A=1\nB="u8, 0xC3, 0x28, (byte)'\n']);

        var error = Assert.Throws<ConvexAuthKitException>(() => EnvFileDocument.Load(temp.File(".env.local")));

        Assert.Equal(DiagnosticCodes.EnvFileInvalid, error.Code);
        Assert.Equal(2, error.Line);
    }

    [Fact]
    public void Utf16_file_reports_CAK0004()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File(".env.local"), "A=1\n", Encoding.Unicode);

        var error = Assert.Throws<ConvexAuthKitException>(() => EnvFileDocument.Load(temp.File(".env.local")));

        Assert.Equal(DiagnosticCodes.EnvFileInvalid, error.Code);
    }

    [Fact]
    public void Nul_character_reports_CAK0004_with_its_line()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File(".env.local"), "A=1\nB=2\0\n");

        var error = Assert.Throws<ConvexAuthKitException>(() => EnvFileDocument.Load(temp.File(".env.local")));

        Assert.Equal(DiagnosticCodes.EnvFileInvalid, error.Code);
        Assert.Equal(2, error.Line);
    }

    [Fact]
    public void Unparseable_line_reports_CAK0004_with_file_and_line()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File(".env.local"), "A=1\n\nWORKOS_API_KEY sk_test_123\n");

        var error = Assert.Throws<ConvexAuthKitException>(() => EnvFileDocument.Load(temp.File(".env.local")));

        Assert.Equal(DiagnosticCodes.EnvFileInvalid, error.Code);
        Assert.Equal(temp.File(".env.local"), error.File);
        Assert.Equal(3, error.Line);
        Assert.DoesNotContain("sk_test_123", error.Message);
    }

    [Fact]
    public void Bom_is_allowed_and_not_part_of_the_text()
    {
        using var temp = new TempDirectory();
        File.WriteAllBytes(temp.File(".env.local"), [0xEF, 0xBB, 0xBF, .. "A=1\n"u8]);

        var document = EnvFileDocument.Load(temp.File(".env.local"));

        Assert.Equal("A=1\n", document.Text);
        Assert.Equal("1", document.GetValue("A"));
    }

    [Fact]
    public void Crlf_file_text_is_kept_byte_for_byte()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File(".env.local"), "# c\r\nA=\"x\r\ny\"\r\nB=2");

        var document = EnvFileDocument.Load(temp.File(".env.local"));

        Assert.Equal("# c\r\nA=\"x\r\ny\"\r\nB=2", document.Text);
        Assert.Equal("x\ny", document.GetValue("A"));
    }
}
