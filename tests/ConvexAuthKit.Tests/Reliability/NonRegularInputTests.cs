using ConvexAuthKit.Caching;
using ConvexAuthKit.ConvexProject;
using ConvexAuthKit.Diagnostics;
using ConvexAuthKit.EnvFiles;
using ConvexAuthKit.Files;
using ConvexAuthKit.Frameworks;
using ConvexAuthKit.Provisioning;
using ConvexAuthKit.Scanning;
using ConvexAuthKit.Tests.Provisioning;

namespace ConvexAuthKit.Tests.Reliability;

/// <summary>
/// Inputs that are not plain files: a named pipe (a secret manager's mount), a device, a link to either, a folder.
/// Each is one coded error (CAK0020 for pipes, sockets and devices), never a hang, never unbounded memory, and
/// a pipe standing for .env.local is never replaced by a regular file holding its secrets.
/// </summary>
public sealed class NonRegularInputTests
{
    private static FileKind KindOf(string path) => UnixNative.Stat(path, followLinks: false).Kind;

    [Fact]
    public async Task Fifo_env_local_is_CAK0020_without_blocking()
    {
        if (!SpecialFiles.Supported) return;
        using var dir = new SpecialFiles();
        var path = dir.Path(".env.local");
        SpecialFiles.MakeFifo(path);

        var e = await SpecialFiles.BoundedAsync(() => Assert.Throws<ConvexAuthKitException>(() => EnvFileDocument.Load(path)), path);

        Assert.Equal("CAK0020", e.Code);
        Assert.Equal(path, e.File);
        Assert.Contains("named pipe", e.Message);
    }

    [Fact]
    public void Devices_are_refused_before_a_byte_is_read()
    {
        if (!SpecialFiles.Supported) return;

        // /dev/zero never ends: reading it at all would fill memory; it must be refused unread.
        var zero = InputFiles.Read("/dev/zero", 1024 * 1024);
        var nul = InputFiles.Read("/dev/null", 1024 * 1024);

        Assert.Equal(InputReadStatus.NotRegular, zero.Status);
        Assert.Equal(FileKind.CharacterDevice, zero.Kind);
        Assert.Null(zero.Bytes);
        Assert.Equal(InputReadStatus.NotRegular, nul.Status);
    }

    [Fact]
    public void Reads_stop_one_byte_past_the_cap()
    {
        using var dir = new SpecialFiles();
        var path = dir.Path("big");
        File.WriteAllBytes(path, new byte[4097]);

        Assert.Equal(InputReadStatus.TooLarge, InputFiles.Read(path, 4096).Status);
        Assert.Equal(4097, InputFiles.Read(path, 4097).Bytes!.Length);
        Assert.Equal(InputReadStatus.Directory, InputFiles.Read(dir.Root, 4096).Status);
        Assert.Equal(InputReadStatus.Missing, InputFiles.Read(dir.Path("absent"), 4096).Status);
    }

    [Fact]
    public void Env_local_linked_to_dev_null_is_CAK0020()
    {
        if (!SpecialFiles.Supported) return;
        using var dir = new SpecialFiles();
        var path = dir.Path(".env.local");
        File.CreateSymbolicLink(path, "/dev/null");

        var e = Assert.Throws<ConvexAuthKitException>(() => EnvFileDocument.Load(path));

        Assert.Equal("CAK0020", e.Code);
        Assert.Contains("character device", e.Message);
    }

    [Fact]
    public void Package_json_linked_to_dev_null_is_CAK0020_not_a_json_error()
    {
        if (!SpecialFiles.Supported) return;
        using var dir = new SpecialFiles();
        File.CreateSymbolicLink(dir.Path("package.json"), "/dev/null");

        var e = Assert.Throws<ConvexAuthKitException>(() => PackageJson.Load(dir.Root));

        Assert.Equal("CAK0020", e.Code);
    }

    [Fact]
    public async Task Fifo_convex_json_is_CAK0020_without_blocking()
    {
        if (!SpecialFiles.Supported) return;
        using var dir = new SpecialFiles();
        var path = dir.Path("convex.json");
        SpecialFiles.MakeFifo(path);

        var e = await SpecialFiles.BoundedAsync(() => Assert.Throws<ConvexAuthKitException>(() => ConvexJson.Load(dir.Root)), path);

        Assert.Equal("CAK0020", e.Code);
    }

    [Fact]
    public async Task Fifo_auth_config_is_CAK0020_without_blocking()
    {
        if (!SpecialFiles.Supported) return;
        using var dir = new SpecialFiles();
        var path = dir.Path("auth.config.ts");
        SpecialFiles.MakeFifo(path);

        var e = await SpecialFiles.BoundedAsync(() => Assert.Throws<ConvexAuthKitException>(() => AuthConfigSourceText.ReadFile(path)), path);

        Assert.Equal("CAK0020", e.Code);
    }

    [Fact]
    public async Task Fifo_imported_module_is_CAK0020_not_skipped_or_blocking()
    {
        if (!SpecialFiles.Supported) return;
        using var dir = new SpecialFiles();
        var path = dir.Path("helper.ts");
        SpecialFiles.MakeFifo(path);
        var reader = new RelativeModuleReader(dir.Root);

        var e = await SpecialFiles.BoundedAsync(() => Assert.Throws<ConvexAuthKitException>(() => reader.Read("./helper")), path);

        Assert.Equal("CAK0020", e.Code);
    }

    [Fact]
    public async Task Fifo_vite_config_is_CAK0020_without_blocking()
    {
        if (!SpecialFiles.Supported) return;
        using var dir = new SpecialFiles();
        var path = dir.Path("vite.config.ts");
        SpecialFiles.MakeFifo(path);
        var vite = FrameworkDetector.Detect(new[] { "vite" });

        var e = await SpecialFiles.BoundedAsync(() => Assert.Throws<ConvexAuthKitException>(() => DevServerPort.Find(dir.Root, vite)), path);

        Assert.Equal("CAK0020", e.Code);
    }

    [Fact]
    public async Task Up_to_date_check_of_an_input_that_became_a_fifo_does_not_block()
    {
        if (!SpecialFiles.Supported) return;
        using var dir = new SpecialFiles();
        var path = dir.Path(".env.local");
        SpecialFiles.MakeFifo(path);

        var hash = await SpecialFiles.BoundedAsync(() => InputHashes.OfFile(path), path);

        Assert.Equal("unreadable", hash);
    }

    [Fact]
    public async Task Fifo_env_local_fails_before_any_request_and_stays_a_pipe()
    {
        if (!SpecialFiles.Supported) return;
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp(envLocal: null);
        w.Env("CONVEX_DEPLOYMENT", "dev:" + FlowWorld.Deployment);
        SpecialFiles.MakeFifo(w.EnvLocalPath);

        var status = await SpecialFiles.BoundedAsync(() => w.RunAsync(), w.EnvLocalPath);

        Assert.Equal(RunStatus.Failed, status);
        Assert.Equal("CAK0020", Assert.Single(w.Reporter.Errors).Code);
        Assert.Empty(w.Emulator.Requests);
        Assert.Equal(FileKind.NamedPipe, KindOf(w.EnvLocalPath));
        Assert.Equal(new[] { ".env.local" }, Directory.GetFileSystemEntries(w.FrontendDir, ".env.local*").Select(Path.GetFileName));
    }

    [Fact]
    public async Task Save_never_replaces_a_fifo_that_appeared_after_loading()
    {
        if (!SpecialFiles.Supported) return;
        using var dir = new SpecialFiles();
        var path = dir.Path(".env.local");
        var document = EnvFileDocument.Load(path);
        document.Set("VITE_WORKOS_CLIENT_ID", "client_01ABC");
        SpecialFiles.MakeFifo(path);

        var e = await SpecialFiles.BoundedAsync(() => Assert.ThrowsAny<ConvexAuthKitException>(() => AtomicFileWriter.Write(path, "A=1\n"u8.ToArray())), path);

        Assert.Equal("CAK0020", e.Code);
        Assert.Equal(FileKind.NamedPipe, KindOf(path));
        await SpecialFiles.BoundedAsync(() => Assert.Throws<ConvexAuthKitException>(() => document.Save()), path);
        Assert.Equal(FileKind.NamedPipe, KindOf(path));
        Assert.Equal(new[] { ".env.local" }, Directory.GetFileSystemEntries(dir.Root).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Fifo_convex_cli_login_file_is_CAK0009_without_blocking()
    {
        if (!SpecialFiles.Supported) return;
        using var dir = new SpecialFiles();
        Func<string, string?> noEnv = _ => null;
        ConvexAuthKit.Credentials.ConvexCredentials.ReadAccessToken(noEnv, dir.Root, null, out var configFile);
        Directory.CreateDirectory(Path.GetDirectoryName(configFile)!);
        SpecialFiles.MakeFifo(configFile);

        var e = await SpecialFiles.BoundedAsync(() => Assert.Throws<ConvexAuthKitException>(() => ConvexAuthKit.Credentials.ConvexCredentials.ReadAccessToken(noEnv, dir.Root, null, out _)), configFile);

        Assert.Equal("CAK0009", e.Code);
    }

    [Fact]
    public async Task Fifo_cache_file_is_ignored_without_blocking()
    {
        if (!SpecialFiles.Supported) return;
        using var dir = new SpecialFiles();
        var path = dir.Path("ConvexAuthKit.cache.json");
        SpecialFiles.MakeFifo(path);

        var record = await SpecialFiles.BoundedAsync(() => ResultCache.Read(path), path);

        Assert.Null(record);
    }
}
