using ConvexAuthKit.Emulator;
using ConvexAuthKit.Provisioning;

namespace ConvexAuthKit.Tests.Provisioning;

/// <summary>The provisioning flow (seed mode) end to end against the emulator, in-process.</summary>
public sealed class ProvisioningFlowTests
{
    private const string Dep = FlowWorld.Deployment;

    private static string Comment(string environmentId) => $"# See this environment at https://dashboard.workos.com/{environmentId}/authentication\n";

    [Fact]
    public async Task Fresh_dev_deployment_is_provisioned_once_and_gets_three_variables_in_the_cli_order()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync());

        Assert.Equal(1, w.Emulator.State.WorkOSEnvironmentsCreated);
        var env = w.Emulator.State.WorkOSEnvironmentFor(Dep)!;
        var update = Assert.Single(w.Emulator.Requests, r => r.Path == "/api/v1/update_environment_variables");
        var names = System.Text.RegularExpressions.Regex.Matches(update.Body, "\"name\":\"([A-Z_]+)\"").Select(m => m.Groups[1].Value);
        Assert.Equal(new[] { "WORKOS_CLIENT_ID", "WORKOS_ENVIRONMENT_ID", "WORKOS_API_KEY" }, names);
        Assert.Equal(env.ClientId, w.Emulator.State.DeploymentVariables(Dep)["WORKOS_CLIENT_ID"]);
    }

    [Fact]
    public async Task Fresh_provisioning_sends_six_requests_and_skips_the_team_check_when_the_team_exists()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();

        await w.RunAsync();

        // The first three in this order; the last three are sent together (ConcurrentRequestTests), so in any order.
        var sent = w.Emulator.Requests.Select(r => r.Method + " " + r.Path).ToList();
        Assert.Equal(6, sent.Count);
        Assert.Equal(
            new[]
            {
                "POST /api/deployment/authorize_within_current_project",
                "GET /api/v1/list_environment_variables",
                "POST /api/workos/get_or_provision_workos_environment",
            },
            sent.Take(3));
        Assert.Equal(
            new[]
            {
                "POST /api/v1/update_environment_variables",
                "POST /user_management/cors_origins",
                "POST /user_management/redirect_uris",
            },
            sent.Skip(3).OrderBy(s => s, StringComparer.Ordinal));
    }

    [Fact]
    public async Task Vite_env_local_gets_comment_client_id_and_redirect_uri_each_after_a_blank_line()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();

        await w.RunAsync();

        var env = w.Emulator.State.WorkOSEnvironmentFor(Dep)!;
        Assert.Equal(FlowWorld.ViteEnvLocal + "\n" + Comment(env.EnvironmentId) + $"VITE_WORKOS_CLIENT_ID={env.ClientId}\n\nVITE_WORKOS_REDIRECT_URI=http://localhost:5173/callback\n", w.ReadEnvLocal());
    }

    [Fact]
    public async Task Redirect_uri_and_cors_origin_are_registered_with_workos()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();

        await w.RunAsync();

        var env = w.Emulator.State.WorkOSEnvironmentFor(Dep)!;
        Assert.Equal(new[] { "http://localhost:5173/callback" }, env.RedirectUris);
        Assert.Equal(new[] { "http://localhost:5173" }, env.CorsOrigins);
    }

    [Fact]
    public async Task Deployment_with_all_three_variables_is_not_provisioned_but_env_local_is_written_from_them()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        var existing = w.GiveDeploymentWorkOS();
        var provisioningCallsBefore = w.Emulator.State.ProvisioningCalls;

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync());

        Assert.Equal(provisioningCallsBefore, w.Emulator.State.ProvisioningCalls);
        Assert.DoesNotContain(w.Emulator.Requests, r => r.Path.Contains("update_environment_variables"));
        Assert.Contains($"VITE_WORKOS_CLIENT_ID={existing.ClientId}\n", w.ReadEnvLocal());
    }

    [Fact]
    public async Task Legacy_api_key_name_is_read_and_copied_to_WORKOS_API_KEY_without_provisioning_again()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        var existing = w.GiveDeploymentWorkOS(apiKey: false);
        w.Emulator.State.SetDeploymentVariable(Dep, "WORKOS_ENVIRONMENT_API_KEY", existing.ApiKey);
        var calls = w.Emulator.State.ProvisioningCalls;

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync());

        var vars = w.Emulator.State.DeploymentVariables(Dep);
        Assert.Equal(existing.ApiKey, vars["WORKOS_API_KEY"]);
        Assert.Equal(existing.ApiKey, vars["WORKOS_ENVIRONMENT_API_KEY"]);
        Assert.Equal(calls, w.Emulator.State.ProvisioningCalls);
    }

    [Fact]
    public async Task Client_id_and_api_key_without_environment_id_is_used_as_is_without_the_dashboard_comment()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        var existing = w.GiveDeploymentWorkOS(environmentId: false);

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync());

        Assert.Equal(FlowWorld.ViteEnvLocal + $"\nVITE_WORKOS_CLIENT_ID={existing.ClientId}\n\nVITE_WORKOS_REDIRECT_URI=http://localhost:5173/callback\n", w.ReadEnvLocal());
        Assert.False(w.Emulator.State.DeploymentVariables(Dep).ContainsKey("WORKOS_ENVIRONMENT_ID"));
    }

    [Fact]
    public async Task Client_id_alone_on_the_deployment_is_CAK0202_and_nothing_is_overwritten()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        w.Emulator.State.SetDeploymentVariable(Dep, "WORKOS_CLIENT_ID", "client_01JA4BGY6RK3NHY7NM0NWGPZBG");

        Assert.Equal(RunStatus.Failed, await w.RunAsync());

        var error = Assert.Single(w.Reporter.Errors);
        Assert.Equal("CAK0202", error.Code);
        Assert.Contains("WORKOS_API_KEY", error.Text);
        Assert.Equal("client_01JA4BGY6RK3NHY7NM0NWGPZBG", w.Emulator.State.DeploymentVariables(Dep)["WORKOS_CLIENT_ID"]);
        Assert.Equal(FlowWorld.ViteEnvLocal, w.ReadEnvLocal());
    }

    [Fact]
    public async Task Team_without_workos_team_is_CAK0200_naming_the_cli_command_and_changes_nothing()
    {
        var options = EmulatorOptions.Default();
        options.Teams[0].HasWorkOSTeam = false;
        await using var w = await FlowWorld.CreateAsync(options);
        w.WithViteApp();

        Assert.Equal(RunStatus.Failed, await w.RunAsync());

        var error = Assert.Single(w.Reporter.Errors);
        Assert.Equal("CAK0200", error.Code);
        Assert.Contains("npx convex integration workos provision-team", error.Text);
        Assert.Empty(w.Emulator.State.DeploymentVariables(Dep));
        Assert.Equal(FlowWorld.ViteEnvLocal, w.ReadEnvLocal());
    }

    [Fact]
    public async Task Server_error_on_every_attempt_is_CAK0300_and_leaves_env_local_as_it_was()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        w.Emulator.Faults.Add(new FaultRule { Service = "bigbrain", Path = "/api/workos/get_or_provision_workos_environment", Status = 500 });

        Assert.Equal(RunStatus.Failed, await w.RunAsync());

        Assert.Equal("CAK0300", Assert.Single(w.Reporter.Errors).Code);
        Assert.Equal(FlowWorld.ViteEnvLocal, w.ReadEnvLocal());
    }

    [Fact]
    public async Task Server_error_once_is_retried_and_the_run_succeeds()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        w.Emulator.Faults.Add(new FaultRule { Service = "bigbrain", Path = "/api/workos/get_or_provision_workos_environment", Status = 500, Times = 1 });

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync());

        Assert.Equal(1, w.Emulator.State.WorkOSEnvironmentsCreated);
    }

    [Fact]
    public async Task Rejected_access_token_is_CAK0101_telling_to_log_in()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp().Env("CONVEX_OVERRIDE_ACCESS_TOKEN", "not-a-token-the-emulator-knows");

        Assert.Equal(RunStatus.Failed, await w.RunAsync());

        var error = Assert.Single(w.Reporter.Errors);
        Assert.Equal("CAK0101", error.Code);
        Assert.Contains("npx convex login", error.Text);
    }

    [Fact]
    public async Task Access_token_is_read_from_the_cli_test_config_folder_of_the_provision_host_port()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp().Env("CONVEX_OVERRIDE_ACCESS_TOKEN", null);
        var port = new Uri(w.Emulator.ProvisionHost).Port;
        Directory.CreateDirectory(Path.Combine(w.HomeDir, ".convex-test-" + port));
        File.WriteAllText(Path.Combine(w.HomeDir, ".convex-test-" + port, "config.json"), $"{{\"accessToken\":\"{w.Emulator.AccessToken}\"}}");

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync());
    }

    [Fact]
    public async Task Deployment_deploy_key_alone_cannot_provision_and_says_what_to_do()
    {
        await using var w = await FlowWorld.CreateAsync();
        var deployKey = EmulatorDeployKey(w);
        w.WithViteApp().Env("CONVEX_OVERRIDE_ACCESS_TOKEN", null).Env("CONVEX_DEPLOY_KEY", deployKey);

        Assert.Equal(RunStatus.Failed, await w.RunAsync());

        Assert.Equal("CAK0104", Assert.Single(w.Reporter.Errors).Code);
        Assert.DoesNotContain(deployKey, w.Reporter.AllText);
    }

    [Fact]
    public async Task Env_local_value_that_differs_is_replaced_in_place()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp(envLocal: FlowWorld.ViteEnvLocal + "VITE_WORKOS_REDIRECT_URI=http://localhost:9999/callback\n# keep me\n");

        await w.RunAsync();

        var text = w.ReadEnvLocal();
        Assert.Contains("VITE_WORKOS_REDIRECT_URI=http://localhost:5173/callback\n# keep me\n", text);
        Assert.DoesNotContain("9999", text);
    }

    [Fact]
    public async Task Unchanged_inputs_skip_the_run_from_the_cache_without_a_request()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        await w.RunAsync();
        w.Emulator.ClearRequests();

        Assert.Equal(RunStatus.SkippedFromCache, await w.RunAsync());

        Assert.Empty(w.Emulator.Requests);
    }

    [Fact]
    public async Task Touching_an_input_without_changing_it_moves_the_cache_timestamp_but_not_its_bytes()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        await w.RunAsync();
        var bytes = File.ReadAllBytes(w.CacheFile);
        File.SetLastWriteTimeUtc(w.CacheFile, DateTime.UtcNow.AddMinutes(-10));
        var authConfig = Path.Combine(w.FrontendDir, "convex", "auth.config.ts");
        File.SetLastWriteTimeUtc(authConfig, DateTime.UtcNow.AddMinutes(-1));

        Assert.Equal(RunStatus.SkippedFromCache, await w.RunAsync());

        Assert.True(File.GetLastWriteTimeUtc(w.CacheFile) >= File.GetLastWriteTimeUtc(authConfig));
        Assert.Equal(bytes, File.ReadAllBytes(w.CacheFile));
    }

    [Fact]
    public async Task No_op_with_untouched_inputs_leaves_the_cache_timestamp_alone()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        await w.RunAsync();
        var stamp = DateTime.UtcNow.AddMinutes(-10);
        foreach (var file in Directory.GetFiles(w.FrontendDir, "*", SearchOption.AllDirectories))
            File.SetLastWriteTimeUtc(file, stamp.AddMinutes(-5));
        File.SetLastWriteTimeUtc(w.CacheFile, stamp);

        Assert.Equal(RunStatus.SkippedFromCache, await w.RunAsync());

        Assert.Equal(stamp, File.GetLastWriteTimeUtc(w.CacheFile));
    }

    [Fact]
    public async Task Force_runs_again_despite_the_cache()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        await w.RunAsync();
        w.Emulator.ClearRequests();

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync(force: true));

        Assert.NotEmpty(w.Emulator.Requests);
        Assert.Equal(1, w.Emulator.State.WorkOSEnvironmentsCreated);
    }

    [Fact]
    public async Task Editing_auth_config_invalidates_the_cache()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        await w.RunAsync();

        w.WriteFile("convex/auth.config.ts", FlowWorld.ViteAuthConfig + "// edited\n");

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync());
    }

    [Fact]
    public async Task Cache_file_holds_no_secret()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithNextApp();
        await w.RunAsync();

        var cache = File.ReadAllText(w.CacheFile);
        foreach (var secret in w.Emulator.IssuedSecrets())
            Assert.DoesNotContain(secret, cache);
        var cookie = System.Text.RegularExpressions.Regex.Match(w.ReadEnvLocal(), "WORKOS_COOKIE_PASSWORD=(.+)\n").Groups[1].Value;
        Assert.DoesNotContain(cookie, cache);
    }

    [Fact]
    public async Task Failed_run_leaves_no_cache_so_the_next_build_finishes_the_job()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        var down = w.Emulator.Faults.Add(new FaultRule { Service = "workos", Status = 503 });
        Assert.Equal(RunStatus.Failed, await w.RunAsync());
        Assert.NotNull(ConvexAuthKit.Caching.ResultCache.Read(w.CacheFile)?.Stopped);
        w.Emulator.Faults.Clear();

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync());

        var env = w.Emulator.State.WorkOSEnvironmentFor(Dep)!;
        Assert.Equal(1, w.Emulator.State.WorkOSEnvironmentsCreated);
        Assert.Equal(new[] { "http://localhost:5173/callback" }, env.RedirectUris);
    }

    [Theory]
    [InlineData("prod:sober-otter-456", "CAK0105")]
    [InlineData("preview:preview-fox-789", "CAK0105")]
    [InlineData("local:local-acme-my_app", "CAK0106")]
    [InlineData("anonymous:anonymous-my_app", "CAK0106")]
    public async Task Deployment_kinds_that_are_never_provisioned_warn_once_and_send_nothing(string deployment, string code)
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp(envLocal: $"CONVEX_DEPLOYMENT={deployment}\n");

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync());

        Assert.Equal(code, Assert.Single(w.Reporter.Warnings).Code);
        Assert.Empty(w.Emulator.Requests);
        Assert.Equal($"CONVEX_DEPLOYMENT={deployment}\n", w.ReadEnvLocal());
    }

    [Fact]
    public async Task Self_hosted_url_warns_CAK0106_and_sends_nothing()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp().Env("CONVEX_SELF_HOSTED_URL", "http://127.0.0.1:3210");

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync());

        Assert.Equal("CAK0106", Assert.Single(w.Reporter.Warnings).Code);
        Assert.Empty(w.Emulator.Requests);
    }

    [Fact]
    public async Task Bare_deployment_name_of_a_dev_deployment_is_resolved_and_provisioned()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp(envLocal: $"CONVEX_DEPLOYMENT={Dep}\n");

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync());

        Assert.NotNull(w.Emulator.State.WorkOSEnvironmentFor(Dep));
    }

    [Fact]
    public async Task Bare_deployment_name_of_a_prod_deployment_warns_and_is_not_provisioned()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp(envLocal: "CONVEX_DEPLOYMENT=sober-otter-456\n");

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync());

        Assert.Equal("CAK0105", Assert.Single(w.Reporter.Warnings).Code);
        Assert.Equal(0, w.Emulator.State.WorkOSEnvironmentsCreated);
    }

    [Fact]
    public async Task Plain_http_provision_host_that_is_not_loopback_is_refused_with_CAK0107()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        var options = w.Options();
        options.ProvisionHost = "http://api.convex.example";

        Assert.Equal(RunStatus.Failed, await w.RunAsync(options: options));

        Assert.Equal("CAK0107", Assert.Single(w.Reporter.Errors).Code);
    }

    [Fact]
    public async Task Frontend_dir_that_is_not_a_valid_path_is_a_coded_error_instead_of_an_unhandled_exception()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        var options = w.Options();
        options.FrontendDir = "Client\0App";

        Assert.Equal(RunStatus.Failed, await w.RunAsync(options: options));

        Assert.Equal("CAK0006", Assert.Single(w.Reporter.Errors).Code);
    }

    [Fact]
    public async Task Timeouts_longer_than_a_timer_can_wait_are_honoured_instead_of_crashing_the_run()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        var options = w.Options();
        options.Http.RunDeadline = TimeSpan.FromSeconds(int.MaxValue);
        options.Http.RequestTimeout = TimeSpan.FromSeconds(int.MaxValue);

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync(options: options));

        Assert.Empty(w.Reporter.Errors);
    }

    [Fact]
    public async Task Already_registered_redirect_uri_and_cors_origin_are_fine_and_the_run_is_up_to_date()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        await w.RunAsync();

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync(force: true));

        Assert.Empty(w.Reporter.Errors);
        Assert.Contains(w.Reporter.Reports, r => r.Text.Contains("already set up"));
    }

    [Fact]
    public async Task Framework_the_cli_does_not_write_for_warns_CAK0203_and_still_registers_its_dev_url()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        w.WriteFile("package.json", """{ "dependencies": { "convex": "^1.30.0", "react-scripts": "5.0.1" } }""");

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync());

        Assert.Equal("CAK0203", Assert.Single(w.Reporter.Warnings).Code);
        Assert.Equal(FlowWorld.ViteEnvLocal, w.ReadEnvLocal());
        Assert.Equal(new[] { "http://localhost:3000/callback" }, w.Emulator.State.WorkOSEnvironmentFor(Dep)!.RedirectUris);
    }

    [Fact]
    public async Task Cookie_password_mentioned_only_in_a_comment_is_still_generated()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithNextApp(envLocal: FlowWorld.ViteEnvLocal + "# WORKOS_COOKIE_PASSWORD=set-me-later\n");

        await w.RunAsync();

        Assert.Matches("\nWORKOS_COOKIE_PASSWORD=[A-Za-z0-9_-]{43}\n", w.ReadEnvLocal());
    }

    [Fact]
    public async Task Existing_cookie_password_is_kept()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithNextApp(envLocal: FlowWorld.ViteEnvLocal + "WORKOS_COOKIE_PASSWORD=my-own-password-that-is-long-enough-123\n");

        await w.RunAsync();

        var text = w.ReadEnvLocal();
        Assert.Contains("WORKOS_COOKIE_PASSWORD=my-own-password-that-is-long-enough-123\n", text);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(text, "WORKOS_COOKIE_PASSWORD="));
    }

    [Fact]
    public async Task Frontend_url_override_is_used_for_redirect_uri_and_cors_origin()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        var options = w.Options();
        options.FrontendUrl = "https://localhost:44455/";

        await w.RunAsync(options: options);

        var env = w.Emulator.State.WorkOSEnvironmentFor(Dep)!;
        Assert.Equal(new[] { "https://localhost:44455/callback" }, env.RedirectUris);
        Assert.Equal(new[] { "https://localhost:44455" }, env.CorsOrigins);
        Assert.Contains("VITE_WORKOS_REDIRECT_URI=https://localhost:44455/callback\n", w.ReadEnvLocal());
    }

    private static string EmulatorDeployKey(FlowWorld w) =>
        w.Emulator.IssuedSecrets().First(s => s.StartsWith("dev:" + Dep + "|", StringComparison.Ordinal));
}
