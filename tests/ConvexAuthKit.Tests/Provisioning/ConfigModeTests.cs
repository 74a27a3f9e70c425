using ConvexAuthKit.Provisioning;

namespace ConvexAuthKit.Tests.Provisioning;

/// <summary>Config mode (docs/cli-rules.md#config-mode): convex.json's authKit.dev drives provisioning, .env.local and WorkOS.</summary>
public sealed class ConfigModeTests
{
    private const string Dep = FlowWorld.Deployment;

    private static string Comment(string environmentId) => $"# See this environment at https://dashboard.workos.com/{environmentId}/authentication\n";

    /// <summary>The official AuthKit component's convex.json (corpus 009), dev part.</summary>
    private const string ViteConfig = """
        {
          "authKit": {
            "dev": {
              "configure": {
                "redirectUris": ["http://localhost:5173/callback"],
                "appHomepageUrl": "http://localhost:5173",
                "corsOrigins": ["http://localhost:5173"]
              },
              "localEnvVars": {
                "VITE_WORKOS_CLIENT_ID": "${authEnv.WORKOS_CLIENT_ID}",
                "VITE_WORKOS_REDIRECT_URI": "http://localhost:5173/callback"
              }
            },
            "prod": {
              "configure": { "redirectUris": ["https://${buildEnv.VERCEL_PROJECT_PRODUCTION_URL}/callback"] }
            }
          }
        }
        """;

    /// <summary>The Next.js AuthKit template's convex.json (corpus 001), dev part.</summary>
    private const string NextConfig = """
        {
          "authKit": {
            "dev": {
              "configure": {
                "redirectUris": ["http://localhost:3000/callback"],
                "appHomepageUrl": "http://localhost:3000",
                "corsOrigins": ["http://localhost:3000"]
              },
              "localEnvVars": {
                "WORKOS_CLIENT_ID": "${authEnv.WORKOS_CLIENT_ID}",
                "WORKOS_API_KEY": "${authEnv.WORKOS_API_KEY}",
                "NEXT_PUBLIC_WORKOS_REDIRECT_URI": "http://localhost:3000/callback"
              }
            }
          }
        }
        """;

    private static string LocalEnvVars(string entries) => "{ \"authKit\": { \"dev\": { \"localEnvVars\": { " + entries + " } } } }";

    [Fact]
    public async Task Fresh_deployment_is_provisioned_and_env_local_gets_the_local_env_vars_with_the_comment()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithConfigApp(ViteConfig);

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync());

        var env = w.Emulator.State.WorkOSEnvironmentFor(Dep)!;
        Assert.Equal(env.ClientId, w.Emulator.State.DeploymentVariables(Dep)["WORKOS_CLIENT_ID"]);
        Assert.Equal(FlowWorld.ViteEnvLocal + "\n" + Comment(env.EnvironmentId) + $"VITE_WORKOS_CLIENT_ID={env.ClientId}\n\nVITE_WORKOS_REDIRECT_URI=http://localhost:5173/callback\n", w.ReadEnvLocal());
    }

    [Fact]
    public async Task Config_mode_needs_no_auth_config_file()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithConfigApp(ViteConfig);

        await w.RunAsync();

        Assert.False(File.Exists(Path.Combine(w.FrontendDir, "convex", "auth.config.ts")));
        Assert.Equal(1, w.Emulator.State.WorkOSEnvironmentsCreated);
    }

    [Fact]
    public async Task Auth_config_reading_WORKOS_CLIENT_ID_does_not_add_seed_variables_in_config_mode()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        w.WriteFile("convex.json", LocalEnvVars("\"MY_CLIENT\": \"${authEnv.WORKOS_CLIENT_ID}\""));

        await w.RunAsync();

        Assert.DoesNotContain("VITE_WORKOS_", w.ReadEnvLocal());
        Assert.Contains("MY_CLIENT=", w.ReadEnvLocal());
    }

    [Fact]
    public async Task Every_redirect_uri_and_cors_origin_is_registered()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithConfigApp("""
            { "authKit": { "dev": { "configure": {
              "redirectUris": ["http://localhost:5173/callback", "http://localhost:5174/callback"],
              "corsOrigins": ["http://localhost:5173", "http://localhost:5174"] } } } }
            """);

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync());

        var env = w.Emulator.State.WorkOSEnvironmentFor(Dep)!;
        Assert.Equal(new[] { "http://localhost:5173/callback", "http://localhost:5174/callback" }, env.RedirectUris);
        Assert.Equal(new[] { "http://localhost:5173", "http://localhost:5174" }, env.CorsOrigins);
    }

    [Fact]
    public async Task Registrations_send_one_request_per_setting_redirect_uris_homepage_cors_origins()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithConfigApp(ViteConfig);

        await w.RunAsync();

        // Sent together (ConcurrentRequestTests checks the order kept within each kind and in the summary).
        var workos = w.Emulator.Requests.Where(r => r.Service == "workos").Select(r => r.Path).OrderBy(p => p, StringComparer.Ordinal).ToList();
        Assert.Equal(new[] { "/user_management/app_homepage_url", "/user_management/cors_origins", "/user_management/redirect_uris" }, workos);
    }

    [Fact]
    public async Task Localhost_app_homepage_url_rejected_with_422_is_not_an_error()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithConfigApp(ViteConfig);

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync());

        Assert.Empty(w.Reporter.Errors);
        Assert.Empty(w.Reporter.Warnings);
        Assert.Null(w.Emulator.State.WorkOSEnvironmentFor(Dep)!.AppHomepageUrl);
    }

    [Fact]
    public async Task Https_app_homepage_url_is_set()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithConfigApp("""{ "authKit": { "dev": { "configure": { "appHomepageUrl": "https://app.example.com" } } } }""");

        await w.RunAsync();

        Assert.Equal("https://app.example.com", w.Emulator.State.WorkOSEnvironmentFor(Dep)!.AppHomepageUrl);
    }

    [Fact]
    public async Task Already_registered_uris_and_origins_answered_422_and_409_are_fine()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithConfigApp(ViteConfig);
        await w.RunAsync();

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync(force: true));

        Assert.Empty(w.Reporter.Errors);
        Assert.Contains(w.Reporter.Reports, r => r.Text.Contains("already set up"));
        Assert.Single(w.Emulator.State.WorkOSEnvironmentFor(Dep)!.RedirectUris);
    }

    [Fact]
    public async Task Next_js_gets_its_local_env_vars_in_order_and_a_43_character_cookie_password()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithConfigApp(NextConfig, "\"next\": \"15.5.0\"");

        await w.RunAsync();

        var env = w.Emulator.State.WorkOSEnvironmentFor(Dep)!;
        Assert.Matches(
            "^" + System.Text.RegularExpressions.Regex.Escape(FlowWorld.ViteEnvLocal + "\n" + Comment(env.EnvironmentId) + $"WORKOS_CLIENT_ID={env.ClientId}\n\nWORKOS_API_KEY={env.ApiKey}\n\nNEXT_PUBLIC_WORKOS_REDIRECT_URI=http://localhost:3000/callback\n\nWORKOS_COOKIE_PASSWORD=")
            + "[A-Za-z0-9_-]{43}\n$",
            w.ReadEnvLocal());
    }

    [Theory]
    [InlineData("\"@tanstack/react-start\": \"1.0.0\"")]
    [InlineData("\"@tanstack/start\": \"1.0.0\"")]
    public async Task TanStack_Start_gets_a_cookie_password(string dependency)
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithConfigApp(LocalEnvVars("\"WORKOS_CLIENT_ID\": \"${authEnv.WORKOS_CLIENT_ID}\""), dependency);

        await w.RunAsync();

        Assert.Matches("\nWORKOS_COOKIE_PASSWORD=[A-Za-z0-9_-]{43}\n$", w.ReadEnvLocal());
    }

    [Fact]
    public async Task Vite_gets_no_cookie_password()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithConfigApp(ViteConfig);

        await w.RunAsync();

        Assert.DoesNotContain("WORKOS_COOKIE_PASSWORD", w.ReadEnvLocal());
    }

    [Fact]
    public async Task Cookie_password_in_the_environment_is_not_generated()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithConfigApp(NextConfig, "\"next\": \"15.5.0\"").Env("WORKOS_COOKIE_PASSWORD", "from-the-environment-and-long-enough-123");

        await w.RunAsync();

        Assert.DoesNotContain("WORKOS_COOKIE_PASSWORD", w.ReadEnvLocal());
    }

    [Fact]
    public async Task Cookie_password_only_in_a_comment_is_still_generated()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithConfigApp(NextConfig, "\"next\": \"15.5.0\"", envLocal: FlowWorld.ViteEnvLocal + "# WORKOS_COOKIE_PASSWORD=fill-me-in\n");

        await w.RunAsync();

        Assert.Matches("\nWORKOS_COOKIE_PASSWORD=[A-Za-z0-9_-]{43}\n", w.ReadEnvLocal());
    }

    [Fact]
    public async Task Existing_cookie_password_assignment_is_kept()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithConfigApp(NextConfig, "\"next\": \"15.5.0\"", envLocal: FlowWorld.ViteEnvLocal + "WORKOS_COOKIE_PASSWORD=mine-and-long-enough-for-iron-session-1\n");

        await w.RunAsync();

        Assert.Single(System.Text.RegularExpressions.Regex.Matches(w.ReadEnvLocal(), "WORKOS_COOKIE_PASSWORD="));
        Assert.Contains("WORKOS_COOKIE_PASSWORD=mine-and-long-enough-for-iron-session-1\n", w.ReadEnvLocal());
    }

    [Fact]
    public async Task Variable_with_a_value_in_env_local_is_skipped_even_when_it_differs()
    {
        await using var w = await FlowWorld.CreateAsync();
        var envLocal = FlowWorld.ViteEnvLocal + "VITE_WORKOS_REDIRECT_URI=http://localhost:9999/callback\n";
        w.WithConfigApp(ViteConfig, envLocal: envLocal);

        await w.RunAsync();

        var text = w.ReadEnvLocal();
        Assert.StartsWith(envLocal, text);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(text, "VITE_WORKOS_REDIRECT_URI="));
    }

    [Fact]
    public async Task Variable_with_an_empty_value_in_env_local_is_filled_in_place_without_a_comment()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithConfigApp(ViteConfig, envLocal: "VITE_WORKOS_CLIENT_ID=\nCONVEX_DEPLOYMENT=dev:happy-animal-123\n");

        await w.RunAsync();

        var env = w.Emulator.State.WorkOSEnvironmentFor(Dep)!;
        Assert.Equal($"VITE_WORKOS_CLIENT_ID={env.ClientId}\nCONVEX_DEPLOYMENT=dev:happy-animal-123\n\nVITE_WORKOS_REDIRECT_URI=http://localhost:5173/callback\n", w.ReadEnvLocal());
    }

    [Fact]
    public async Task Variable_set_in_the_environment_is_skipped()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithConfigApp(ViteConfig).Env("VITE_WORKOS_REDIRECT_URI", "https://localhost:7000/callback");

        await w.RunAsync();

        Assert.DoesNotContain("VITE_WORKOS_REDIRECT_URI", w.ReadEnvLocal());
    }

    [Fact]
    public async Task Variable_set_in_dot_env_is_skipped()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithConfigApp(ViteConfig);
        w.WriteFile(".env", "VITE_WORKOS_REDIRECT_URI=http://localhost:5173/callback\n");

        await w.RunAsync();

        Assert.DoesNotContain("VITE_WORKOS_REDIRECT_URI", w.ReadEnvLocal());
    }

    [Fact]
    public async Task Comment_goes_to_the_first_written_variable_that_uses_the_client_id()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithConfigApp(LocalEnvVars("\"FIRST\": \"plain\", \"A_CLIENT\": \"${authEnv.WORKOS_CLIENT_ID}\", \"B_CLIENT\": \"${authEnv.WORKOS_CLIENT_ID}\""));

        await w.RunAsync();

        var env = w.Emulator.State.WorkOSEnvironmentFor(Dep)!;
        Assert.Equal(FlowWorld.ViteEnvLocal + "\nFIRST=plain\n\n" + Comment(env.EnvironmentId) + $"A_CLIENT={env.ClientId}\n\nB_CLIENT={env.ClientId}\n", w.ReadEnvLocal());
    }

    [Fact]
    public async Task Environment_id_and_api_key_templates_resolve()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithConfigApp(LocalEnvVars("\"ENV_ID\": \"${authEnv.WORKOS_ENVIRONMENT_ID}\", \"KEY\": \"${authEnv.WORKOS_API_KEY}\""));

        await w.RunAsync();

        var env = w.Emulator.State.WorkOSEnvironmentFor(Dep)!;
        Assert.Contains($"ENV_ID={env.EnvironmentId}\n", w.ReadEnvLocal());
        Assert.Contains($"KEY={env.ApiKey}\n", w.ReadEnvLocal());
        Assert.DoesNotContain(env.ApiKey, w.Reporter.AllText);
    }

    [Fact]
    public async Task BuildEnv_template_is_resolved_from_the_environment()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithConfigApp("""{ "authKit": { "dev": { "configure": { "redirectUris": ["https://${buildEnv.DEV_HOST}/callback"] }, "localEnvVars": { "REDIRECT": "https://${buildEnv.DEV_HOST}/callback" } } } }""")
            .Env("DEV_HOST", "localhost:7001");

        await w.RunAsync();

        Assert.Contains("REDIRECT=https://localhost:7001/callback\n", w.ReadEnvLocal());
        Assert.Equal(new[] { "https://localhost:7001/callback" }, w.Emulator.State.WorkOSEnvironmentFor(Dep)!.RedirectUris);
    }

    [Fact]
    public async Task Unset_buildEnv_variable_is_CAK0010_at_its_line_before_any_request()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithConfigApp("{\n  \"authKit\": {\n    \"dev\": {\n      \"configure\": {\n        \"redirectUris\": [\"https://${buildEnv.DEV_HOST}/callback\"]\n      }\n    }\n  }\n}\n");

        Assert.Equal(RunStatus.Failed, await w.RunAsync());

        var error = Assert.Single(w.Reporter.Errors);
        Assert.Equal("CAK0010", error.Code);
        Assert.EndsWith("convex.json", error.File);
        Assert.Equal(5, error.Line);
        Assert.Contains("DEV_HOST", error.Text);
        Assert.Empty(w.Emulator.Requests);
        Assert.Equal(FlowWorld.ViteEnvLocal, w.ReadEnvLocal());
    }

    [Fact]
    public async Task Unset_buildEnv_variable_of_a_skipped_local_env_var_is_not_needed()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithConfigApp(LocalEnvVars("\"HOST\": \"${buildEnv.NOT_SET}\""), envLocal: FlowWorld.ViteEnvLocal + "HOST=mine\n");

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync());
    }

    [Fact]
    public async Task BuildEnv_of_prod_is_not_resolved_in_a_dev_build()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithConfigApp(ViteConfig);

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync());
    }

    [Fact]
    public async Task Bad_convex_json_is_CAK0008_with_file_and_line_and_changes_nothing()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithConfigApp("{\n  \"authKit\": {\n    \"dev\": {\n      \"localEnvVars\": { \"X\": 1 }\n    }\n  }\n}\n");

        Assert.Equal(RunStatus.Failed, await w.RunAsync());

        var error = Assert.Single(w.Reporter.Errors);
        Assert.Equal("CAK0008", error.Code);
        Assert.Equal(Path.Combine(w.FrontendDir, "convex.json"), error.File);
        Assert.Equal(4, error.Line);
        Assert.Empty(w.Emulator.Requests);
        Assert.Equal(FlowWorld.ViteEnvLocal, w.ReadEnvLocal());
    }

    [Fact]
    public async Task Authkit_without_dev_does_nothing_and_says_why_quietly()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        w.WriteFile("convex.json", """{ "authKit": { "prod": { "configure": { "redirectUris": ["https://${buildEnv.HOST}/callback"] } } } }""");

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync());

        Assert.Empty(w.Emulator.Requests);
        Assert.Empty(w.Reporter.Warnings);
        Assert.Contains(w.Reporter.Reports, r => r.Kind == "message:Low" && r.Text.Contains("without dev"));
    }

    [Fact]
    public async Task Configure_and_local_env_vars_false_provision_but_write_and_register_nothing()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithConfigApp("""{ "authKit": { "dev": { "configure": false, "localEnvVars": false } } }""", "\"next\": \"15.5.0\"");

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync());

        Assert.Equal(1, w.Emulator.State.WorkOSEnvironmentsCreated);
        Assert.Equal(FlowWorld.ViteEnvLocal, w.ReadEnvLocal());
        Assert.DoesNotContain(w.Emulator.Requests, r => r.Service == "workos");
    }

    [Fact]
    public async Task Deployment_with_all_three_variables_is_not_provisioned_and_its_values_are_written()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithConfigApp(ViteConfig);
        var existing = w.GiveDeploymentWorkOS();
        var calls = w.Emulator.State.ProvisioningCalls;

        await w.RunAsync();

        Assert.Equal(calls, w.Emulator.State.ProvisioningCalls);
        Assert.Contains(Comment(existing.EnvironmentId) + $"VITE_WORKOS_CLIENT_ID={existing.ClientId}\n", w.ReadEnvLocal());
        Assert.DoesNotContain(w.Emulator.Requests, r => r.Path.Contains("update_environment_variables"));
    }

    [Fact]
    public async Task Bring_your_own_client_id_and_api_key_without_environment_id_writes_no_comment()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithConfigApp(ViteConfig);
        var existing = w.GiveDeploymentWorkOS(environmentId: false);

        await w.RunAsync();

        Assert.Equal(FlowWorld.ViteEnvLocal + $"\nVITE_WORKOS_CLIENT_ID={existing.ClientId}\n\nVITE_WORKOS_REDIRECT_URI=http://localhost:5173/callback\n", w.ReadEnvLocal());
        Assert.False(w.Emulator.State.DeploymentVariables(Dep).ContainsKey("WORKOS_ENVIRONMENT_ID"));
    }

    [Fact]
    public async Task Environment_id_template_without_an_environment_id_is_CAK0010()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithConfigApp(LocalEnvVars("\"ENV_ID\": \"${authEnv.WORKOS_ENVIRONMENT_ID}\""));
        w.GiveDeploymentWorkOS(environmentId: false);

        Assert.Equal(RunStatus.Failed, await w.RunAsync());

        Assert.Equal("CAK0010", Assert.Single(w.Reporter.Errors).Code);
        Assert.Equal(FlowWorld.ViteEnvLocal, w.ReadEnvLocal());
    }

    [Fact]
    public async Task Second_run_with_unchanged_inputs_is_skipped_from_the_cache()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithConfigApp(ViteConfig);
        await w.RunAsync();
        w.Emulator.ClearRequests();

        Assert.Equal(RunStatus.SkippedFromCache, await w.RunAsync());
        Assert.Empty(w.Emulator.Requests);
    }

    [Fact]
    public async Task Editing_convex_json_invalidates_the_cache()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithConfigApp(ViteConfig);
        await w.RunAsync();

        w.WriteFile("convex.json", ViteConfig.Replace("5173/callback\"]", "5173/callback\", \"http://localhost:5175/callback\"]"));

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync());
        Assert.Contains("http://localhost:5175/callback", w.Emulator.State.WorkOSEnvironmentFor(Dep)!.RedirectUris);
    }

    [Fact]
    public async Task Dry_run_in_config_mode_changes_nothing_and_lists_the_registrations()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithConfigApp(ViteConfig);
        var options = w.Options();
        options.Mode = ProvisioningMode.DryRun;

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync(options: options));

        Assert.Equal(FlowWorld.ViteEnvLocal, w.ReadEnvLocal());
        Assert.Equal(0, w.Emulator.State.ProvisioningCalls);
        Assert.DoesNotContain(w.Emulator.Requests, r => r.Method != "GET" && !r.Path.Contains("authorize"));
        var plan = Assert.Single(w.Reporter.Reports, r => r.Text.Contains("plan for"));
        Assert.Contains("would write VITE_WORKOS_CLIENT_ID, VITE_WORKOS_REDIRECT_URI", plan.Text);
        Assert.Contains("redirect URI http://localhost:5173/callback", plan.Text);
        Assert.Contains("app homepage URL http://localhost:5173", plan.Text);
    }

    [Fact]
    public async Task Verify_in_config_mode_fails_with_CAK0205_on_a_deployment_without_WorkOS()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithConfigApp(ViteConfig);
        var options = w.Options();
        options.Mode = ProvisioningMode.Verify;

        Assert.Equal(RunStatus.Failed, await w.RunAsync(options: options));

        Assert.Equal("CAK0205", Assert.Single(w.Reporter.Errors).Code);
        Assert.Equal(FlowWorld.ViteEnvLocal, w.ReadEnvLocal());
    }
}
