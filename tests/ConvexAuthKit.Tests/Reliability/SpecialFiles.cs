using System.Diagnostics;

namespace ConvexAuthKit.Tests.Reliability;

/// <summary>
/// A scratch folder for tests that put pipes, links and devices where inputs belong (Unix only; on Windows the
/// tests that need them return early). Deleting it never follows a link.
/// </summary>
internal sealed class SpecialFiles : IDisposable
{
    public SpecialFiles()
    {
        Root = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "cak-special-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public static bool Supported => !OperatingSystem.IsWindows();

    public string Root { get; }

    public string Path(params string[] parts) => System.IO.Path.Combine(new[] { Root }.Concat(parts).ToArray());

    /// <summary>Creates a named pipe at <paramref name="path"/> with mkfifo(1).</summary>
    public static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", new[] { path }) { RedirectStandardError = true })!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }

    public static int ModeOf(string path) => (int)File.GetUnixFileMode(path);

    /// <summary>
    /// Runs <paramref name="action"/> with a bound, so a read that blocks on a pipe fails the test instead of hanging
    /// the suite; <paramref name="fifo"/>, when given, is opened for writing afterwards to release a blocked reader.
    /// </summary>
    public static async Task<T> BoundedAsync<T>(Func<T> action, string? fifo = null)
    {
        var run = Task.Run(action);
        var finished = await Task.WhenAny(run, Task.Delay(Reliably.DoesNotHang));
        if (finished != run && fifo != null)
            ReleaseReaders(fifo);
        Assert.True(finished == run, "Reading the input blocked instead of failing with a coded error.");
        return await run;
    }

    public static async Task<T> BoundedAsync<T>(Func<Task<T>> action, string? fifo = null)
    {
        var run = Task.Run(action);
        var finished = await Task.WhenAny(run, Task.Delay(Reliably.DoesNotHang));
        if (finished != run && fifo != null)
            ReleaseReaders(fifo);
        Assert.True(finished == run, "The run blocked on a named pipe instead of failing with a coded error.");
        return await run;
    }

    private static void ReleaseReaders(string fifo)
    {
        try
        {
            using var writer = new FileStream(fifo, FileMode.Open, FileAccess.Write);
        }
        catch (IOException)
        {
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
