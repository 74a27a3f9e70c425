using ConvexAuthKit.Api;
using ConvexAuthKit.Provisioning;
using ConvexAuthKit.Tests.Provisioning;

namespace ConvexAuthKit.Tests.Reliability;

/// <summary>Shared pieces of the reliability tests: short policies, well-known paths, "does not hang" bounds.</summary>
internal static class Reliably
{
    public const string Provision = "/api/workos/get_or_provision_workos_environment";
    public const string Authorize = "/api/deployment/authorize_within_current_project";
    public const string ListVariables = "/api/v1/list_environment_variables";
    public const string UpdateVariables = "/api/v1/update_environment_variables";
    public const string RedirectUris = "/user_management/redirect_uris";
    public const string CorsOrigins = "/user_management/cors_origins";

    /// <summary>Generous upper bound for "fails instead of hanging" with one-second timeouts; never a speed assertion.</summary>
    public static readonly TimeSpan DoesNotHang = TimeSpan.FromSeconds(30);

    /// <summary>The world's options with timeouts of a second, fast backoff and the given attempts.</summary>
    public static ProvisioningOptions ShortTimeouts(this FlowWorld w, int maxAttempts = 2, TimeSpan? runDeadline = null)
    {
        var options = w.Options();
        options.Http = new HttpPolicy
        {
            RequestTimeout = TimeSpan.FromSeconds(1),
            ConnectTimeout = TimeSpan.FromSeconds(1),
            RunDeadline = runDeadline ?? TimeSpan.FromSeconds(20),
            MaxAttempts = maxAttempts,
            InitialBackoff = TimeSpan.FromMilliseconds(10),
            MaxBackoff = TimeSpan.FromMilliseconds(50),
        };
        return options;
    }

    public static int Count(this FlowWorld w, string path) => w.Emulator.Requests.Count(r => r.Path == path);

    /// <summary>Runs with a bound: the test fails (instead of hanging the suite) if the run does not end in time.</summary>
    public static async Task<RunStatus> RunBoundedAsync(this FlowWorld w, ProvisioningOptions options, bool force = false)
    {
        var run = w.RunAsync(force, options);
        var finished = await Task.WhenAny(run, Task.Delay(DoesNotHang));
        Assert.True(finished == run, $"The run did not end within {DoesNotHang.TotalSeconds} s.");
        return await run;
    }
}
