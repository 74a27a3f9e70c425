using System.Text;
using ConvexAuthKit.Caching;
using ConvexAuthKit.Provisioning;
using ConvexAuthKit.Tests.Provisioning;

namespace ConvexAuthKit.Tests.Reliability;

/// <summary>
/// The bad-input matrix of docs/reliability.md: each case ends in one coded diagnostic (or, for formats we must
/// keep, in success that keeps them) and leaves the user's files byte for byte as they were.
/// </summary>
public sealed class BadInputTests
{
    private static async Task<(FlowWorld World, byte[] EnvLocalBefore)> ViteWorldAsync()
    {
        var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        return (w, File.ReadAllBytes(w.EnvLocalPath));
    }

    private static void AssertFailedWith(FlowWorld w, RunStatus status, string code)
    {
        Assert.Equal(RunStatus.Failed, status);
        Assert.Equal(code, Assert.Single(w.Reporter.Errors).Code);
    }

    private static void AssertNothingProvisioned(FlowWorld w) => Assert.Equal(0, w.Emulator.State.ProvisioningCalls);

    [Fact]
    public async Task Env_local_that_is_not_utf8_is_CAK0004_and_untouched()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        var bytes = Encoding.UTF8.GetBytes(FlowWorld.ViteEnvLocal).Concat(new byte[] { 0x58, 0x3D, 0xFF, 0xFE, 0x0A }).ToArray();
        File.WriteAllBytes(w.EnvLocalPath, bytes);

        AssertFailedWith(w, await w.RunAsync(), "CAK0004");

        Assert.Equal(bytes, File.ReadAllBytes(w.EnvLocalPath));
        AssertNothingProvisioned(w);
    }

    [Fact]
    public async Task Env_local_with_a_NUL_byte_is_CAK0004_and_untouched()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp(envLocal: FlowWorld.ViteEnvLocal + "BROKEN=\0\n");
        var before = File.ReadAllBytes(w.EnvLocalPath);

        AssertFailedWith(w, await w.RunAsync(), "CAK0004");

        Assert.Equal(before, File.ReadAllBytes(w.EnvLocalPath));
        AssertNothingProvisioned(w);
    }

    [Fact]
    public async Task Read_only_env_local_is_CAK0005_and_untouched()
    {
        var (w, before) = await ViteWorldAsync();
        await using var _ = w;
        File.SetAttributes(w.EnvLocalPath, FileAttributes.ReadOnly);
        try
        {
            AssertFailedWith(w, await w.RunAsync(), "CAK0005");

            Assert.Equal(before, File.ReadAllBytes(w.EnvLocalPath));
        }
        finally
        {
            File.SetAttributes(w.EnvLocalPath, FileAttributes.Normal);
        }
    }

    [Fact]
    public async Task Env_local_that_is_a_directory_is_CAK0004()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp(envLocal: null);
        Directory.CreateDirectory(w.EnvLocalPath);
        w.Env("CONVEX_DEPLOYMENT", "dev:" + FlowWorld.Deployment);

        AssertFailedWith(w, await w.RunAsync(), "CAK0004");

        Assert.True(Directory.Exists(w.EnvLocalPath));
        AssertNothingProvisioned(w);
    }

    [Fact]
    public async Task Env_local_over_one_MiB_is_CAK0004_and_untouched()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp(envLocal: FlowWorld.ViteEnvLocal + "# " + new string('x', 1024 * 1024) + "\n");
        var before = File.ReadAllBytes(w.EnvLocalPath);

        AssertFailedWith(w, await w.RunAsync(), "CAK0004");

        Assert.Equal(before, File.ReadAllBytes(w.EnvLocalPath));
        AssertNothingProvisioned(w);
    }

    [Fact]
    public async Task Env_local_with_a_BOM_keeps_it()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        File.WriteAllBytes(w.EnvLocalPath, new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes(FlowWorld.ViteEnvLocal)).ToArray());

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync());

        var after = File.ReadAllBytes(w.EnvLocalPath);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, after.Take(3));
        Assert.StartsWith(FlowWorld.ViteEnvLocal + "\n# See this environment", Encoding.UTF8.GetString(after, 3, after.Length - 3));
    }

    [Fact]
    public async Task Env_local_with_CRLF_line_endings_keeps_them()
    {
        await using var w = await FlowWorld.CreateAsync();
        var crlf = FlowWorld.ViteEnvLocal.Replace("\n", "\r\n");
        w.WithViteApp(envLocal: crlf);

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync());

        var text = w.ReadEnvLocal();
        Assert.StartsWith(crlf + "\r\n# See this environment", text);
        Assert.DoesNotMatch("[^\r]\n", text);
    }

    [Theory]
    [InlineData("{ \"functions\": \"convex/\",, }")]
    [InlineData("{ \"functions\": 42 }")]
    [InlineData("[1, 2]")]
    public async Task Invalid_convex_json_is_CAK0008_and_changes_nothing(string convexJson)
    {
        var (w, before) = await ViteWorldAsync();
        await using var _ = w;
        w.WriteFile("convex.json", convexJson);

        AssertFailedWith(w, await w.RunAsync(), "CAK0008");

        Assert.Equal(before, File.ReadAllBytes(w.EnvLocalPath));
        Assert.Empty(w.Emulator.Requests);
    }

    [Theory]
    [InlineData("{ \"dependencies\": { \"convex\": \"^1.30.0\",, } }")]
    [InlineData("{ \"dependencies\": [\"convex\"] }")]
    [InlineData("\"convex\"")]
    public async Task Invalid_package_json_is_CAK0002_and_changes_nothing(string packageJson)
    {
        var (w, before) = await ViteWorldAsync();
        await using var _ = w;
        w.WriteFile("package.json", packageJson);

        AssertFailedWith(w, await w.RunAsync(), "CAK0002");

        Assert.Equal(before, File.ReadAllBytes(w.EnvLocalPath));
        Assert.Empty(w.Emulator.Requests);
    }

    [Theory]
    [InlineData("{ this is not json")]
    [InlineData("{\"kind\":\"SomethingElse.cache\",\"version\":1,\"inputs\":{}}")]
    [InlineData("{\"kind\":\"ConvexAuthKit.cache\",\"version\":2,\"inputs\":{\"file:/x\":42}}")]
    [InlineData("")]
    public async Task Corrupt_or_foreign_cache_file_is_ignored_and_rebuilt(string cache)
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        Directory.CreateDirectory(Path.GetDirectoryName(w.CacheFile)!);
        File.WriteAllText(w.CacheFile, cache);

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync());

        Assert.True(ResultCache.Read(w.CacheFile)!.HasSuccess);
        Assert.Equal(RunStatus.SkippedFromCache, await w.RunAsync());
    }

    [Fact]
    public async Task Unreadable_convex_cli_config_is_CAK0009_and_changes_nothing()
    {
        var (w, before) = await ViteWorldAsync();
        await using var _ = w;
        w.Env("CONVEX_OVERRIDE_ACCESS_TOKEN", null);
        var configDir = Path.Combine(w.HomeDir, ".convex-test-" + new Uri(w.Emulator.ProvisionHost).Port);
        Directory.CreateDirectory(configDir);
        File.WriteAllText(Path.Combine(configDir, "config.json"), "{ \"accessToken\": ");

        AssertFailedWith(w, await w.RunAsync(), "CAK0009");

        Assert.Equal(before, File.ReadAllBytes(w.EnvLocalPath));
        Assert.Empty(w.Emulator.Requests);
    }

    [Fact]
    public async Task Binary_auth_config_is_CAK0007_and_changes_nothing()
    {
        var (w, before) = await ViteWorldAsync();
        await using var _ = w;
        File.WriteAllBytes(Path.Combine(w.FrontendDir, "convex", "auth.config.ts"), new byte[] { 0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x00, 0x00, 0xFF, 0xD8 });

        AssertFailedWith(w, await w.RunAsync(), "CAK0007");

        Assert.Equal(before, File.ReadAllBytes(w.EnvLocalPath));
        Assert.Empty(w.Emulator.Requests);
    }

    [Fact]
    public async Task Ten_MB_auth_config_is_CAK0007_and_changes_nothing()
    {
        var (w, before) = await ViteWorldAsync();
        await using var _ = w;
        w.WriteFile("convex/auth.config.ts", FlowWorld.ViteAuthConfig + "// " + new string('x', 10 * 1024 * 1024) + "\n");

        AssertFailedWith(w, await w.RunAsync(), "CAK0007");

        Assert.Equal(before, File.ReadAllBytes(w.EnvLocalPath));
        Assert.Empty(w.Emulator.Requests);
    }

    [Fact]
    public async Task Frontend_in_a_folder_with_spaces_and_non_ascii_characters_is_provisioned()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        const string folder = "Mein Frontend ü 日本 é";
        Directory.Move(w.FrontendDir, Path.Combine(w.Root, folder));
        var options = w.Options();
        options.FrontendDir = folder;

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync(options: options));

        Assert.Contains("VITE_WORKOS_CLIENT_ID=", File.ReadAllText(Path.Combine(w.Root, folder, ".env.local")));
        Assert.Equal(RunStatus.SkippedFromCache, await w.RunAsync(options: options));
    }

    [Fact]
    public async Task Frontend_folder_that_does_not_exist_is_CAK0006()
    {
        await using var w = await FlowWorld.CreateAsync();
        var options = w.Options();
        options.FrontendDir = "NoSuchFolder";

        AssertFailedWith(w, await w.RunAsync(options: options), "CAK0006");

        Assert.Empty(w.Emulator.Requests);
        Assert.False(Directory.Exists(Path.Combine(w.Root, "NoSuchFolder")));
    }
}
