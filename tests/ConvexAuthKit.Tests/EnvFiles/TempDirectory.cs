namespace ConvexAuthKit.Tests.EnvFiles;

/// <summary>A scratch folder for one test, deleted (read-only files included) when disposed.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Root = Path.Combine(Path.GetTempPath(), "cak-envfiles-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string File(string name) => Path.Combine(Root, name);

    public void Dispose()
    {
        foreach (var path in Directory.EnumerateFileSystemEntries(Root, "*", SearchOption.AllDirectories))
            System.IO.File.SetAttributes(path, FileAttributes.Normal);
        Directory.Delete(Root, recursive: true);
    }
}
