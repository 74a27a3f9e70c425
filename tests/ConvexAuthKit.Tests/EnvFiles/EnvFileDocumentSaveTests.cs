using System.Diagnostics;
using ConvexAuthKit.Diagnostics;
using ConvexAuthKit.EnvFiles;

namespace ConvexAuthKit.Tests.EnvFiles;

public class EnvFileDocumentSaveTests
{
    [Fact]
    public void Save_writes_the_edits_and_returns_true()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File(".env.local"), "A=1\n");
        var document = EnvFileDocument.Load(temp.File(".env.local"));
        document.Set("B", "2");

        Assert.True(document.Save());

        Assert.Equal("A=1\n\nB=2\n", File.ReadAllText(temp.File(".env.local")));
        Assert.False(document.IsModified);
    }

    [Fact]
    public void Save_creates_a_missing_file()
    {
        using var temp = new TempDirectory();
        var document = EnvFileDocument.Load(temp.File(".env.local"));
        document.Set("A", "1");

        Assert.True(document.Save());

        Assert.Equal("A=1\n", File.ReadAllText(temp.File(".env.local")));
        Assert.True(document.Exists);
    }

    [Fact]
    public void Save_without_changes_does_not_touch_file()
    {
        using var temp = new TempDirectory();
        string path = temp.File(".env.local");
        File.WriteAllText(path, "A=1\n");
        var oldTime = new DateTime(2020, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(path, oldTime);
        string? inodeBefore = Inode(path);
        var document = EnvFileDocument.Load(path);
        document.Set("A", "1");

        Assert.False(document.Save());

        Assert.Equal(oldTime, File.GetLastWriteTimeUtc(path));
        Assert.Equal(inodeBefore, Inode(path));
        Assert.Single(Directory.GetFileSystemEntries(temp.Root));
    }

    [Fact]
    public void Save_replaces_the_file_atomically_with_a_new_inode_and_leaves_no_temporary_file()
    {
        using var temp = new TempDirectory();
        string path = temp.File(".env.local");
        File.WriteAllText(path, "A=1\n");
        string? inodeBefore = Inode(path);
        var document = EnvFileDocument.Load(path);
        document.Set("A", "2");

        document.Save();

        if (inodeBefore != null)
            Assert.NotEqual(inodeBefore, Inode(path)); // renamed into place, not rewritten in place
        Assert.Equal([path], Directory.GetFileSystemEntries(temp.Root));
    }

    [Fact]
    public void Save_keeps_the_bom()
    {
        using var temp = new TempDirectory();
        string path = temp.File(".env.local");
        File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. "A=1\n"u8]);
        var document = EnvFileDocument.Load(path);
        document.Set("A", "2");

        document.Save();

        Assert.Equal([0xEF, 0xBB, 0xBF, .. "A=2\n"u8], File.ReadAllBytes(path));
    }

    [Fact]
    public void Save_keeps_crlf_line_breaks()
    {
        using var temp = new TempDirectory();
        string path = temp.File(".env.local");
        File.WriteAllText(path, "A=1\r\n");
        var document = EnvFileDocument.Load(path);
        document.Set("B", "2", "# c");

        document.Save();

        Assert.Equal("A=1\r\n\r\n# c\r\nB=2\r\n", File.ReadAllText(path));
    }

    [Fact]
    public void Save_keeps_unix_permissions()
    {
        if (OperatingSystem.IsWindows())
            return;
        using var temp = new TempDirectory();
        string path = temp.File(".env.local");
        File.WriteAllText(path, "A=1\n");
        var mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
        File.SetUnixFileMode(path, mode);
        var document = EnvFileDocument.Load(path);
        document.Set("A", "2");

        document.Save();

        Assert.Equal(mode, File.GetUnixFileMode(path));
        Assert.Equal("A=2\n", File.ReadAllText(path));
    }

    [Fact]
    public void Readonly_file_reports_CAK0005_and_is_untouched()
    {
        using var temp = new TempDirectory();
        string path = temp.File(".env.local");
        File.WriteAllText(path, "A=1\n");
        var document = EnvFileDocument.Load(path);
        document.Set("A", "2");
        File.SetAttributes(path, FileAttributes.ReadOnly);
        var oldTime = File.GetLastWriteTimeUtc(path);

        var error = Assert.Throws<ConvexAuthKitException>(() => document.Save());

        Assert.Equal(DiagnosticCodes.EnvFileUnwritable, error.Code);
        Assert.Equal(Path.GetFullPath(path), error.File);
        Assert.Equal("A=1\n", File.ReadAllText(path));
        Assert.Equal(oldTime, File.GetLastWriteTimeUtc(path));
        Assert.Single(Directory.GetFileSystemEntries(temp.Root));
        Assert.True(document.IsModified);
    }

    [Fact]
    public void Failed_replace_reports_CAK0005_and_removes_the_temporary_file()
    {
        using var temp = new TempDirectory();
        string path = temp.File(".env.local");
        var document = EnvFileDocument.Load(path);
        document.Set("A", "1");
        Directory.CreateDirectory(path); // something took the file's place after loading

        var error = Assert.Throws<ConvexAuthKitException>(() => document.Save());

        Assert.Equal(DiagnosticCodes.EnvFileUnwritable, error.Code);
        Assert.Equal([path], Directory.GetFileSystemEntries(temp.Root));
    }

    [Fact]
    public void Missing_folder_reports_CAK0005()
    {
        using var temp = new TempDirectory();
        var document = EnvFileDocument.Load(Path.Combine(temp.Root, "gone", ".env.local"));
        document.Set("A", "1");

        Assert.Equal(DiagnosticCodes.EnvFileUnwritable, Assert.Throws<ConvexAuthKitException>(() => document.Save()).Code);
    }

    [Fact]
    public void Save_leaves_a_file_another_program_changed_since_it_was_loaded_as_it_is_with_CAK0005()
    {
        using var temp = new TempDirectory();
        string path = temp.File(".env.local");
        File.WriteAllText(path, "A=1\n");
        var document = EnvFileDocument.Load(path);
        document.Set("B", "2");
        File.WriteAllText(path, "A=1\nUSER_LINE=added meanwhile\n");

        Assert.Equal(DiagnosticCodes.EnvFileUnwritable, Assert.Throws<ConvexAuthKitException>(() => document.Save()).Code);

        Assert.Equal("A=1\nUSER_LINE=added meanwhile\n", File.ReadAllText(path));
    }

    [Fact]
    public void Document_without_path_cannot_be_saved()
    {
        var document = EnvFileDocument.FromText("");
        document.Set("A", "1");

        Assert.Throws<InvalidOperationException>(() => document.Save());
    }

    // The file's inode on Linux (null elsewhere): a file rewritten in place keeps it, a renamed-in one does not.
    private static string? Inode(string path)
    {
        if (!OperatingSystem.IsLinux())
            return null;
        using var stat = Process.Start(new ProcessStartInfo("stat", ["-c", "%i", path]) { RedirectStandardOutput = true })!;
        string inode = stat.StandardOutput.ReadToEnd().Trim();
        stat.WaitForExit();
        return inode;
    }
}
