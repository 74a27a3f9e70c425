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
