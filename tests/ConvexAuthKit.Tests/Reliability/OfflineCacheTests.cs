using System.Text.RegularExpressions;
using ConvexAuthKit.Caching;
using ConvexAuthKit.Emulator;
using ConvexAuthKit.Provisioning;
using ConvexAuthKit.Tests.Provisioning;

namespace ConvexAuthKit.Tests.Reliability;

/// <summary>
/// "Offline with a valid cache" (docs/reliability.md): no service answering is a warning only while the last
/// successful result still matches every input; any other failure, or any changed input, stays an error.
/// </summary>
public sealed class OfflineCacheTests
{
    private static async Task<FlowWorld> ProvisionedAsync()
    {
        var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        Assert.Equal(RunStatus.Succeeded, await w.RunAsync());
        return w;
    }

    private static void ServicesUnreachable(FlowWorld w) =>
        w.Emulator.Faults.Add(new FaultRule { Kind = FaultKind.Drop });

    [Fact]
    public async Task Forced_build_with_services_unreachable_and_a_matching_cache_warns_CAK0304_and_goes_on()
    {
        await using var w = await ProvisionedAsync();
        var envLocal = w.ReadEnvLocal();
        ServicesUnreachable(w);

        Assert.Equal(RunStatus.UsedLastResultOffline, await w.RunBoundedAsync(w.ShortTimeouts(), force: true));

        Assert.Empty(w.Reporter.Errors);
        var warning = Assert.Single(w.Reporter.Warnings);
        Assert.Equal("CAK0304", warning.Code);
        Assert.Contains("CAK0301", warning.Text);
        Assert.Equal(envLocal, w.ReadEnvLocal());
    }

    [Fact]
    public async Task Offline_fallback_keeps_the_last_result_so_the_next_unforced_build_is_skipped()
    {
        await using var w = await ProvisionedAsync();
        ServicesUnreachable(w);
        await w.RunBoundedAsync(w.ShortTimeouts(), force: true);
        w.Emulator.ClearRequests();

        Assert.Equal(RunStatus.SkippedFromCache, await w.RunBoundedAsync(w.ShortTimeouts()));

        Assert.Empty(w.Emulator.Requests);
    }

    [Fact]
    public async Task Services_unreachable_after_an_input_changed_is_an_error()
    {
        await using var w = await ProvisionedAsync();
        ServicesUnreachable(w);
        w.WriteFile("convex/auth.config.ts", FlowWorld.ViteAuthConfig + "// edited offline\n");

        Assert.Equal(RunStatus.Failed, await w.RunBoundedAsync(w.ShortTimeouts()));

        Assert.Equal("CAK0301", Assert.Single(w.Reporter.Errors).Code);
    }

    [Fact]
    public async Task Service_that_answers_with_an_error_is_an_error_even_with_a_matching_cache()
    {
        await using var w = await ProvisionedAsync();
        w.Emulator.Faults.Add(new FaultRule { Service = "bigbrain", Status = 500 });

        Assert.Equal(RunStatus.Failed, await w.RunBoundedAsync(w.ShortTimeouts(), force: true));

        Assert.Equal("CAK0300", Assert.Single(w.Reporter.Errors).Code);
    }

    [Fact]
    public async Task Hung_services_with_a_matching_cache_also_fall_back_with_a_warning()
    {
        await using var w = await ProvisionedAsync();
        w.Emulator.Faults.Add(new FaultRule { Kind = FaultKind.Hang });

        Assert.Equal(RunStatus.UsedLastResultOffline, await w.RunBoundedAsync(w.ShortTimeouts(), force: true));

        Assert.Contains("CAK0302", Assert.Single(w.Reporter.Warnings).Text);
    }

    [Fact]
    public async Task Offline_build_after_a_package_upgrade_uses_the_last_result()
    {
        await using var w = await ProvisionedAsync();
        // What an upgrade looks like to the cache: the recorded tool version differs from the running one.
        var cache = File.ReadAllText(w.CacheFile);
        File.WriteAllText(w.CacheFile, Regex.Replace(cache, "(\"setting:ToolVersion\": \")[0-9a-f]+", "${1}0000"));
        ServicesUnreachable(w);

        Assert.Equal(RunStatus.UsedLastResultOffline, await w.RunBoundedAsync(w.ShortTimeouts()));
    }

    [Fact]
    public async Task Without_any_successful_result_services_unreachable_is_an_error()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        ServicesUnreachable(w);

        Assert.Equal(RunStatus.Failed, await w.RunBoundedAsync(w.ShortTimeouts()));

        Assert.Equal("CAK0301", Assert.Single(w.Reporter.Errors).Code);
        Assert.False(ResultCache.Read(w.CacheFile)!.HasSuccess);
    }
}
