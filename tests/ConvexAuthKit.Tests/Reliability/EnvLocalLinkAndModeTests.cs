using ConvexAuthKit.EnvFiles;
using ConvexAuthKit.Provisioning;
using ConvexAuthKit.Tests.Provisioning;

namespace ConvexAuthKit.Tests.Reliability;

/// <summary>
/// A symbolic-link .env.local is written through, as the CLI's writeFileSync does (the target changes, the link
/// stays), and the temporary file of the atomic write never holds a byte in a file more open than the original.
/// </summary>
public sealed class EnvLocalLinkAndModeTests
{
    private const string OldText = "CONVEX_DEPLOYMENT=dev:happy-animal-123\n";

    [Fact]
    public async Task Linked_env_local_is_written_through_the_link_and_the_link_is_kept()
    {
        if (!SpecialFiles.Supported) return;
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp(envLocal: null);
        var secrets = Path.Combine(w.Root, "secrets");
        Directory.CreateDirectory(secrets);
        var target = Path.Combine(secrets, "frontend.env");
        File.WriteAllText(target, FlowWorld.ViteEnvLocal);
        File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.CreateSymbolicLink(w.EnvLocalPath, Path.Combine("..", "secrets", "frontend.env"));

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync());

        Assert.Equal(Path.Combine("..", "secrets", "frontend.env"), new FileInfo(w.EnvLocalPath).LinkTarget);
        var written = File.ReadAllText(target);
        Assert.StartsWith(FlowWorld.ViteEnvLocal, written);
        Assert.Contains("VITE_WORKOS_CLIENT_ID=client_", written);
        Assert.Equal(0x180, SpecialFiles.ModeOf(target));
        Assert.Equal(new[] { "frontend.env" }, Directory.GetFileSystemEntries(secrets).Select(Path.GetFileName));
        Assert.Equal(new[] { ".env.local" }, Directory.GetFileSystemEntries(w.FrontendDir, ".env.local*").Select(Path.GetFileName));
    }

    [Fact]
    public void Chain_of_links_updates_the_final_target_atomically()
    {
        if (!SpecialFiles.Supported) return;
        using var dir = new SpecialFiles();
        Directory.CreateDirectory(dir.Path("real"));
        var target = dir.Path("real", "env");
        File.WriteAllText(target, OldText);
        File.CreateSymbolicLink(dir.Path("middle"), Path.Combine("real", "env"));
        var link = dir.Path(".env.local");
        File.CreateSymbolicLink(link, dir.Path("middle"));
        string? tempFolder = null;
        AtomicFileWriter.BeforeReplace.Value = temp => tempFolder = Path.GetDirectoryName(temp);
        try
        {
            var document = EnvFileDocument.Load(link);
            document.Set("A", "1");
            Assert.True(document.Save());
        }
        finally
        {
            AtomicFileWriter.BeforeReplace.Value = null;
        }

        Assert.Equal(dir.Path("real"), tempFolder);
        Assert.Equal(OldText + "\nA=1\n", File.ReadAllText(target));
        Assert.NotNull(new FileInfo(link).LinkTarget);
        Assert.NotNull(new FileInfo(dir.Path("middle")).LinkTarget);
    }

    [Theory]
    [InlineData(0x180)] // 0600: a private file stays private from the first byte
    [InlineData(0x1B4)] // 0664: more open than the usual umask allows, still exactly the original's
    public void Temporary_file_has_the_original_mode_before_its_first_byte(int originalMode)
    {
        if (!SpecialFiles.Supported) return;
        using var dir = new SpecialFiles();
        var path = dir.Path(".env.local");
        File.WriteAllText(path, OldText);
        File.SetUnixFileMode(path, (UnixFileMode)originalMode);
        int? atFirstByte = null, beforeReplace = null;
        long sizeAtFirstByte = -1;
        AtomicFileWriter.BeforeFirstByte.Value = temp =>
        {
            atFirstByte = SpecialFiles.ModeOf(temp);
            sizeAtFirstByte = new FileInfo(temp).Length;
        };
        AtomicFileWriter.BeforeReplace.Value = temp => beforeReplace = SpecialFiles.ModeOf(temp);
        try
        {
            var document = EnvFileDocument.Load(path);
            document.Set("WORKOS_COOKIE_PASSWORD", new string('s', 40));
            document.Save();
        }
        finally
        {
            AtomicFileWriter.BeforeFirstByte.Value = null;
            AtomicFileWriter.BeforeReplace.Value = null;
        }

        Assert.Equal(0, sizeAtFirstByte);
        Assert.Equal(originalMode, atFirstByte);
        Assert.Equal(originalMode, beforeReplace);
        Assert.Equal(originalMode, SpecialFiles.ModeOf(path));
    }

    [Fact]
    public void Failed_write_leaves_no_temporary_file()
    {
        if (!SpecialFiles.Supported) return;
        using var dir = new SpecialFiles();
        var path = dir.Path(".env.local");
        File.WriteAllText(path, OldText);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        AtomicFileWriter.BeforeFirstByte.Value = _ => throw new IOException("disk full");
        try
        {
            var e = Assert.Throws<ConvexAuthKit.Diagnostics.ConvexAuthKitException>(() => AtomicFileWriter.Write(path, "A=1\n"u8.ToArray()));
            Assert.Equal("CAK0005", e.Code);
        }
        finally
        {
            AtomicFileWriter.BeforeFirstByte.Value = null;
        }

        Assert.Equal(new[] { ".env.local" }, Directory.GetFileSystemEntries(dir.Root).Select(Path.GetFileName));
        Assert.Equal(OldText, File.ReadAllText(path));
    }
}
