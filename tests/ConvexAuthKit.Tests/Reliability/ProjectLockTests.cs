using ConvexAuthKit.Diagnostics;
using ConvexAuthKit.Reliability;
using ConvexAuthKit.Tests.EnvFiles;

namespace ConvexAuthKit.Tests.Reliability;

public sealed class ProjectLockTests
{
    [Fact]
    public async Task Second_holder_waits_and_gives_up_with_CAK0305_while_the_first_holds_the_lock()
    {
        using var dir = new TempDirectory();
        var file = Path.Combine(dir.Root, "obj", "ConvexAuthKit.cache.json.lock");
        using var first = await ProjectLock.AcquireAsync(file, TimeSpan.Zero, CancellationToken.None);

        var e = await Assert.ThrowsAsync<ConvexAuthKitException>(() => ProjectLock.AcquireAsync(file, TimeSpan.FromMilliseconds(300), CancellationToken.None));

        Assert.Equal("CAK0305", e.Code);
    }

    [Fact]
    public async Task Waiting_holder_gets_the_lock_as_soon_as_the_first_releases_it()
    {
        using var dir = new TempDirectory();
        var file = dir.File("lock");
        var first = await ProjectLock.AcquireAsync(file, TimeSpan.Zero, CancellationToken.None);

        var waiting = ProjectLock.AcquireAsync(file, Reliably.DoesNotHang, CancellationToken.None);
        await Task.Delay(200);
        Assert.False(waiting.IsCompleted);
        first.Dispose();

        using var second = await waiting;
    }

    [Fact]
    public async Task Lock_file_left_by_a_dead_process_does_not_block()
    {
        using var dir = new TempDirectory();
        var file = dir.File("lock");
        File.WriteAllText(file, "");

        using var held = await ProjectLock.AcquireAsync(file, TimeSpan.Zero, CancellationToken.None);
    }

    [Fact]
    public async Task Cancelled_wait_ends_with_OperationCanceledException()
    {
        using var dir = new TempDirectory();
        var file = dir.File("lock");
        using var first = await ProjectLock.AcquireAsync(file, TimeSpan.Zero, CancellationToken.None);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ProjectLock.AcquireAsync(file, Reliably.DoesNotHang, cancel.Token));
    }

    [Fact]
    public async Task Lock_whose_folder_cannot_be_created_runs_unlocked_instead_of_throwing()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("obj"), "a file where the folder should be");

        using var held = await ProjectLock.AcquireAsync(Path.Combine(dir.Root, "obj", "ConvexAuthKit.cache.json.lock"), TimeSpan.Zero, CancellationToken.None);
    }
}

/// <summary>Lock files that are links or pipes, locks that cannot be created, and the per-user lock folder.</summary>
public sealed class LockFileSafetyTests
{
    [Fact]
    public async Task Lock_path_that_is_a_symlink_is_CAK0022_and_its_target_is_never_created()
    {
        if (!SpecialFiles.Supported) return;
        using var dir = new SpecialFiles();
        var victim = dir.Path("victim");
        var file = dir.Path("obj", "ConvexAuthKit.cache.json.lock");
        Directory.CreateDirectory(dir.Path("obj"));
        File.CreateSymbolicLink(file, victim);

        var e = await Assert.ThrowsAsync<ConvexAuthKitException>(() => ProjectLock.AcquireAsync(file, TimeSpan.Zero, CancellationToken.None));

        Assert.Equal("CAK0022", e.Code);
        Assert.False(File.Exists(victim));
    }

    [Fact]
    public async Task Fifo_at_the_lock_path_is_CAK0022()
    {
        if (!SpecialFiles.Supported) return;
        using var dir = new SpecialFiles();
        var file = dir.Path("lock");
        SpecialFiles.MakeFifo(file);

        var e = await SpecialFiles.BoundedAsync(() => Assert.ThrowsAsync<ConvexAuthKitException>(() => ProjectLock.AcquireAsync(file, TimeSpan.Zero, CancellationToken.None)), file);

        Assert.Equal("CAK0022", e.Code);
    }

    [Fact]
    public async Task Lock_that_cannot_be_created_is_reported_at_once_instead_of_waiting_out_the_deadline()
    {
        using var dir = new SpecialFiles();
        // A name longer than any file system allows: the lock cannot be created, and nobody holds it.
        var file = dir.Path(new string('l', 300) + ".lock");

        using var result = await ProjectLock.AcquireAsync(file, Reliably.DoesNotHang, CancellationToken.None);

        Assert.NotNull(result.NotLockedReason);
        Assert.Contains(file, result.NotLockedReason);
    }

    [Fact]
    public async Task Held_lock_is_still_told_apart_from_an_uncreatable_one()
    {
        using var dir = new SpecialFiles();
        var file = dir.Path("lock");
        using var first = await ProjectLock.AcquireAsync(file, TimeSpan.Zero, CancellationToken.None);
        Assert.Null(first.NotLockedReason);

        var e = await Assert.ThrowsAsync<ConvexAuthKitException>(() => ProjectLock.AcquireAsync(file, TimeSpan.FromMilliseconds(300), CancellationToken.None));

        Assert.Equal("CAK0305", e.Code);
    }

    [Fact]
    public void User_lock_folder_is_created_private_and_a_loose_one_is_tightened()
    {
        if (!SpecialFiles.Supported) return;
        using var dir = new SpecialFiles();
        var fresh = dir.Path("cache", "ConvexAuthKit", "locks");
        var loose = dir.Path("loose");
        Directory.CreateDirectory(loose);
        File.SetUnixFileMode(loose, (UnixFileMode)0x1FF);

        ProjectLock.UserLockFolderCandidates.Value = new[] { fresh };
        try
        {
            Assert.Equal(fresh, ProjectLock.UserLockFolder(out _));
            ProjectLock.UserLockFolderCandidates.Value = new[] { loose };
            Assert.Equal(loose, ProjectLock.UserLockFolder(out _));
        }
        finally
        {
            ProjectLock.UserLockFolderCandidates.Value = null;
        }

        Assert.Equal(0x1C0, SpecialFiles.ModeOf(fresh));
        Assert.Equal(0x1C0, SpecialFiles.ModeOf(loose));
    }

    [Fact]
    public void User_lock_folder_that_is_a_link_is_CAK0022()
    {
        if (!SpecialFiles.Supported) return;
        using var dir = new SpecialFiles();
        Directory.CreateDirectory(dir.Path("elsewhere"));
        var link = dir.Path("locks");
        Directory.CreateSymbolicLink(link, dir.Path("elsewhere"));
        ProjectLock.UserLockFolderCandidates.Value = new[] { link };
        try
        {
            Assert.Equal("CAK0022", Assert.Throws<ConvexAuthKitException>(() => ProjectLock.UserLockFolder(out _)).Code);
        }
        finally
        {
            ProjectLock.UserLockFolderCandidates.Value = null;
        }
    }

    [Fact]
    public void User_lock_folder_owned_by_another_user_is_CAK0022()
    {
        // Handing a folder to another user needs root; elsewhere the check is the same code path as the link's.
        if (!SpecialFiles.Supported || ConvexAuthKit.Files.UnixNative.EffectiveUserId() != 0) return;
        using var dir = new SpecialFiles();
        var folder = dir.Path("planted");
        Directory.CreateDirectory(folder);
        using (var chown = System.Diagnostics.Process.Start("chown", new[] { "65534", folder })!)
        {
            chown.WaitForExit();
            Assert.Equal(0, chown.ExitCode);
        }
        ProjectLock.UserLockFolderCandidates.Value = new[] { folder };
        try
        {
            Assert.Equal("CAK0022", Assert.Throws<ConvexAuthKitException>(() => ProjectLock.UserLockFolder(out _)).Code);
        }
        finally
        {
            ProjectLock.UserLockFolderCandidates.Value = null;
        }
    }

    [Fact]
    public void No_creatable_user_lock_folder_gives_a_reason_instead_of_a_folder()
    {
        using var dir = new SpecialFiles();
        File.WriteAllText(dir.Path("file"), "");
        ProjectLock.UserLockFolderCandidates.Value = new[] { dir.Path("file", "locks") };
        try
        {
            Assert.Null(ProjectLock.UserLockFolder(out var unavailable));
            Assert.Contains(dir.Path("file", "locks"), unavailable);
        }
        finally
        {
            ProjectLock.UserLockFolderCandidates.Value = null;
        }
    }
}
