using ConvexAuthKit.Diagnostics;
using ConvexAuthKit.EnvFiles;
using ConvexAuthKit.Tests.EnvFiles;

namespace ConvexAuthKit.Tests.Reliability;

/// <summary>
/// "Killed during the .env.local write": the file at the path is only ever replaced whole, so whatever moment
/// a process dies, the file is the old one or the new one, never a mix.
/// </summary>
public sealed class AtomicEnvWriteTests
{
    private sealed class SimulatedKill : Exception
    {
    }

    private const string OldText = "CONVEX_DEPLOYMENT=dev:happy-animal-123\n";

    [Fact]
    public void Process_stopping_after_the_temporary_file_is_written_leaves_the_old_file_intact()
    {
        using var dir = new TempDirectory();
        var path = dir.File(".env.local");
        File.WriteAllText(path, OldText);
        var tempFile = LeaveTemporaryFileBehind(path, "VITE_WORKOS_CLIENT_ID", "client_01ABC");

        Assert.Equal(OldText, File.ReadAllText(path));
        // The complete new text waits beside it, in the same folder, so the replace is a rename on one volume.
        Assert.Equal(Path.GetDirectoryName(path), Path.GetDirectoryName(tempFile));
        Assert.Contains("VITE_WORKOS_CLIENT_ID=client_01ABC", File.ReadAllText(tempFile));
    }

    [Fact]
    public void Failure_before_the_replace_leaves_the_old_file_and_no_temporary_file()
    {
        using var dir = new TempDirectory();
        var path = dir.File(".env.local");
        File.WriteAllText(path, OldText);
        var document = EnvFileDocument.Load(path);
        document.Set("VITE_WORKOS_CLIENT_ID", "client_01ABC");
        AtomicFileWriter.BeforeReplace.Value = _ => throw new IOException("disk full");
        try
        {
            var e = Assert.Throws<ConvexAuthKitException>(() => document.Save());
            Assert.Equal("CAK0005", e.Code);
        }
        finally
        {
            AtomicFileWriter.BeforeReplace.Value = null;
        }

        Assert.Equal(OldText, File.ReadAllText(path));
        Assert.Equal(new[] { ".env.local" }, Directory.GetFiles(dir.Root).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Reader_during_repeated_saves_only_ever_sees_a_whole_old_or_new_file()
    {
        using var dir = new TempDirectory();
        var path = dir.File(".env.local");
        // Large enough that a non-atomic write would be observable half done.
        var a = OldText + "A=" + new string('a', 100_000) + "\n";
        var b = OldText + "A=" + new string('b', 100_000) + "\n";
        File.WriteAllText(path, a);
        using var stop = new CancellationTokenSource();
        var seen = new HashSet<string>();
        var reader = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    seen.Add(File.ReadAllText(path) switch { var t when t == a => "a", var t when t == b => "b", _ => "partial" });
                }
                catch (IOException)
                {
                    // Windows may refuse a read during the replace; a refused read is not a partial one.
                }
            }
        });

        for (var i = 0; i < 20; i++)
        {
            var document = EnvFileDocument.Load(path);
            document.Set("A", new string(i % 2 == 0 ? 'b' : 'a', 100_000));
            document.Save();
        }
        stop.Cancel();
        await reader;

        Assert.DoesNotContain("partial", seen);
        Assert.Equal(a, File.ReadAllText(path));
    }

    [Fact]
    public async Task Temporary_file_left_by_a_killed_save_is_removed_by_the_next_successful_run()
    {
        await using var w = await Provisioning.FlowWorld.CreateAsync();
        w.WithViteApp();
        var leftover = LeaveTemporaryFileBehind(w.EnvLocalPath);
        File.SetLastWriteTimeUtc(leftover, DateTime.UtcNow.AddHours(-1));

        Assert.Equal(ConvexAuthKit.Provisioning.RunStatus.Succeeded, await w.RunAsync());

        Assert.False(File.Exists(leftover));
    }

    [Fact]
    public void Read_only_file_is_reported_by_EnsureWritable_before_anything_is_saved()
    {
        using var dir = new TempDirectory();
        var path = dir.File(".env.local");
        File.WriteAllText(path, OldText);
        File.SetAttributes(path, FileAttributes.ReadOnly);
        var document = EnvFileDocument.Load(path);

        var e = Assert.Throws<ConvexAuthKitException>(() => document.EnsureWritable());

        Assert.Equal("CAK0005", e.Code);
        Assert.Equal(path, e.File);
    }

    /// <summary>Runs a save that "dies" between the temporary write and the replace; returns the file it left.</summary>
    private static string LeaveTemporaryFileBehind(string path, string name = "LEFT_BEHIND", string value = "1")
    {
        var document = EnvFileDocument.Load(path);
        document.Set(name, value);
        string? tempFile = null;
        AtomicFileWriter.BeforeReplace.Value = temp =>
        {
            tempFile = temp;
            throw new SimulatedKill();
        };
        try
        {
            Assert.Throws<SimulatedKill>(() => document.Save());
        }
        finally
        {
            AtomicFileWriter.BeforeReplace.Value = null;
        }
        Assert.True(File.Exists(tempFile));
        return tempFile!;
    }
}
