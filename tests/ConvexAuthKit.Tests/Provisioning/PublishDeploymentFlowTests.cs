using ConvexAuthKit.Diagnostics;
using ConvexAuthKit.Emulator;
using ConvexAuthKit.Provisioning;
using ConvexAuthKit.Provisioning.Deployments;
using ConvexAuthKit.Tests.Scanning;

namespace ConvexAuthKit.Tests.Provisioning;

/// <summary>
/// `dotnet publish` for the production and preview deployments (issue 14), against the in-process emulator, with
/// the official templates' convex.json read from the shared corpus.
/// </summary>
public class PublishDeploymentFlowTests
{
    private const string Prod = EmulatorOptions.DefaultProdDeployment;
    private const string Preview = EmulatorOptions.DefaultPreviewDeployment;
    private const string Dev = EmulatorOptions.DefaultDevDeployment;
    private const string ProductionHost = "shop.example.com";
    private const string BranchHost = "shop-git-feature-login-acme.vercel.app";

    public static TheoryData<string> Templates => new() { "nextjs-authkit", "react-vite-authkit", "tanstack-start-authkit" };

    private static string TemplateConvexJson(string template) =>
        File.ReadAllText(Path.Combine(SharedCorpus.Directory, "templates", template, "convex.json"));

    private const string DevOnlyConvexJson = """{ "authKit": { "dev": { "configure": { "redirectUris": ["http://localhost:5173/callback"] } } } }""";

    private static async Task<FlowWorld> World(string convexJson, EmulatorOptions? options = null)
    {
        var w = await FlowWorld.CreateAsync(options);
        w.WithConfigApp(convexJson);
        w.Env("VERCEL_PROJECT_PRODUCTION_URL", ProductionHost).Env("VERCEL_BRANCH_URL", BranchHost);
        return w;
    }

    private static ProvisioningOptions Publish(FlowWorld w, string? deployment, ProvisioningMode mode = ProvisioningMode.Apply)
    {
        var options = w.Options();
        options.ForPublish = true;
        options.Deployment = deployment;
        options.Mode = mode;
        return options;
    }

    private const string ClaimPath = "/api/claim_preview_deployment";

    private static string CacheFor(FlowWorld w, ProvisioningOptions options, string? deployment, Func<string, string?>? env = null) =>
        DeploymentTarget.Select(deployment, null, env ?? (_ => null))!.CacheFileBeside(w.CacheFile);

    private async Task<RunStatus> RunPublish(FlowWorld w, ProvisioningOptions options, string? cacheFile)
    {
        var reporter = new CollectingReporter();
        var status = await ProvisioningRun.ExecuteAsync(options, cacheFile, false, reporter, CancellationToken.None);
        Last = reporter;
        return status;
    }

    // xunit makes one instance per test, so this is the test's own last reporter.
    private CollectingReporter? Last;

    [Theory]
    [MemberData(nameof(Templates))]
    public async Task Prod_publish_provisions_a_production_environment_sets_the_three_variables_and_applies_configure_leaving_dev_and_env_local_alone(string template)
    {
        await using var w = await World(TemplateConvexJson(template));
        var envLocalBefore = w.ReadEnvLocal();
        var options = Publish(w, "prod");

        var status = await RunPublish(w, options, CacheFor(w, options, "prod"));

        Assert.True(status == RunStatus.Succeeded, Last!.AllText);
        var env = w.Emulator.State.WorkOSEnvironmentFor(Prod)!;
        Assert.Equal("production", env.EnvironmentType);
        var vars = w.Emulator.State.DeploymentVariables(Prod);
        Assert.Equal(env.ClientId, vars["WORKOS_CLIENT_ID"]);
        Assert.Equal(env.EnvironmentId, vars["WORKOS_ENVIRONMENT_ID"]);
        Assert.Equal(env.ApiKey, vars["WORKOS_API_KEY"]);
        Assert.Equal(new[] { $"https://{ProductionHost}/callback" }, env.RedirectUris);
        Assert.Equal(new[] { $"https://{ProductionHost}" }, env.CorsOrigins);
        Assert.Equal($"https://{ProductionHost}", env.AppHomepageUrl);
        Assert.Empty(w.Emulator.State.DeploymentVariables(Dev));
        Assert.Null(w.Emulator.State.WorkOSEnvironmentFor(Dev));
        Assert.Equal(envLocalBefore, w.ReadEnvLocal());
        Assert.False(File.Exists(w.CacheFile));
        Assert.Empty(Last.Warnings);
        Assert.DoesNotContain(env.ApiKey, Last.AllText);
    }

    [Fact]
    public async Task A_repeated_prod_publish_with_nothing_changed_sends_no_request()
    {
        await using var w = await World(TemplateConvexJson("react-vite-authkit"));
        var options = Publish(w, "prod");
        var cache = CacheFor(w, options, "prod");
        Assert.Equal(RunStatus.Succeeded, await RunPublish(w, options, cache));
        w.Emulator.ClearRequests();

        var second = await RunPublish(w, Publish(w, "prod"), cache);

        Assert.Equal(RunStatus.SkippedFromCache, second);
        Assert.Empty(w.Emulator.Requests);
    }

    [Fact]
    public async Task A_changed_build_variable_makes_the_next_publish_run_again()
    {
        await using var w = await World(TemplateConvexJson("react-vite-authkit"));
        var cache = CacheFor(w, Publish(w, "prod"), "prod");
        Assert.Equal(RunStatus.Succeeded, await RunPublish(w, Publish(w, "prod"), cache));
        w.Env("VERCEL_PROJECT_PRODUCTION_URL", "new.example.com");

        Assert.Equal(RunStatus.Succeeded, await RunPublish(w, Publish(w, "prod"), cache));

        Assert.Contains("https://new.example.com/callback", w.Emulator.State.WorkOSEnvironmentFor(Prod)!.RedirectUris);
        Assert.Equal(1, w.Emulator.State.WorkOSEnvironmentsCreated);
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public async Task Preview_publish_with_a_preview_deploy_key_creates_the_branch_preview_with_a_nonproduction_environment(string template)
    {
        var emulatorOptions = EmulatorOptions.Default();
        await using var w = await World(TemplateConvexJson(template), emulatorOptions);
        w.Env("CONVEX_OVERRIDE_ACCESS_TOKEN", null)
         .Env("CONVEX_DEPLOY_KEY", emulatorOptions.Teams[0].Projects[0].PreviewDeployKey)
         .Env("VERCEL", "1").Env("VERCEL_GIT_COMMIT_REF", "feature-checkout");
        var options = Publish(w, null);

        var status = await RunPublish(w, options, w.CacheFile.Replace("cache.json", "publish.json"));

        Assert.True(status == RunStatus.Succeeded, Last!.AllText);
        var name = w.Emulator.State.PreviewDeploymentNamed("feature-checkout")!;
        var env = w.Emulator.State.WorkOSEnvironmentFor(name)!;
        Assert.Equal("nonproduction", env.EnvironmentType);
        Assert.Equal(env.ClientId, w.Emulator.State.DeploymentVariables(name)["WORKOS_CLIENT_ID"]);
        Assert.Equal(new[] { $"https://{BranchHost}/callback" }, env.RedirectUris);
        Assert.Equal(new[] { $"https://{BranchHost}" }, env.CorsOrigins);
        Assert.Null(w.Emulator.State.WorkOSEnvironmentFor(Dev));
        // Created the way `npx convex deploy` creates it: one claim naming the key's project and the branch, with reuse.
        var claim = Assert.Single(w.Emulator.Requests, r => r.Service == "bigbrain" && r.Path == ClaimPath);
        var body = System.Text.Json.Nodes.JsonNode.Parse(claim.Body)!;
        Assert.Equal("feature-checkout", (string?)body["identifier"]);
        Assert.True((bool)body["reuse"]!);
        Assert.Equal("teamAndProjectSlugs", (string?)body["projectSelection"]!["kind"]);
        Assert.Equal(EmulatorOptions.DefaultProjectSlug, (string?)body["projectSelection"]!["projectSlug"]);
        Assert.DoesNotContain(w.Emulator.Requests, r => r.Path.Contains("authorize", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Preview_by_name_with_a_login_reaches_the_existing_preview()
    {
        await using var w = await World(TemplateConvexJson("nextjs-authkit"));

        var status = await RunPublish(w, Publish(w, "preview:" + EmulatorOptions.DefaultPreviewName), null);

        Assert.True(status == RunStatus.Succeeded, Last!.AllText);
        Assert.Equal("nonproduction", w.Emulator.State.WorkOSEnvironmentFor(Preview)!.EnvironmentType);
        Assert.Null(w.Emulator.State.WorkOSEnvironmentFor(Prod));
    }

    [Fact]
    public async Task Without_the_section_one_warning_with_the_manual_steps_and_no_request()
    {
        await using var w = await World(DevOnlyConvexJson);

        var status = await RunPublish(w, Publish(w, "prod"), null);

        Assert.Equal(RunStatus.Succeeded, status);
        var warning = Assert.Single(Last!.Warnings);
        Assert.Equal("CAK0105", warning.Code);
        Assert.Contains("authKit.prod", warning.Text);
        Assert.Contains("Integrations", warning.Text);
        Assert.Empty(w.Emulator.Requests);
    }

    [Fact]
    public async Task The_production_deployments_own_key_never_provisions_and_says_what_to_set()
    {
        var emulatorOptions = EmulatorOptions.Default();
        await using var w = await World(TemplateConvexJson("react-vite-authkit"), emulatorOptions);
        w.Env("CONVEX_OVERRIDE_ACCESS_TOKEN", null).Env("CONVEX_DEPLOY_KEY", emulatorOptions.Deployments.Single(d => d.Name == Prod).DeployKey);

        var status = await RunPublish(w, Publish(w, "prod"), null);

        Assert.Equal(RunStatus.Failed, status);
        var error = Assert.Single(Last!.Errors);
        Assert.Equal("CAK0220", error.Code);
        Assert.Contains("WORKOS_CLIENT_ID and WORKOS_API_KEY", error.Text);
        Assert.Contains("authKit.prod", error.Text);
        Assert.Empty(w.Emulator.State.DeploymentVariables(Prod));
        Assert.Null(w.Emulator.State.WorkOSEnvironmentFor(Prod));
        Assert.Equal(0, w.Emulator.State.ProvisioningCalls);
    }

    [Fact]
    public async Task The_production_deployments_own_key_selects_prod_and_applies_configure_when_the_credentials_are_there()
    {
        var emulatorOptions = EmulatorOptions.Default();
        await using var w = await World(TemplateConvexJson("react-vite-authkit"), emulatorOptions);
        var existing = w.Emulator.State.ProvisionWorkOSEnvironment(Prod);
        w.Emulator.State.SetDeploymentVariable(Prod, "WORKOS_CLIENT_ID", existing.ClientId);
        w.Emulator.State.SetDeploymentVariable(Prod, "WORKOS_API_KEY", existing.ApiKey);
        w.Env("CONVEX_OVERRIDE_ACCESS_TOKEN", null).Env("CONVEX_DEPLOY_KEY", emulatorOptions.Deployments.Single(d => d.Name == Prod).DeployKey);

        // No ConvexAuthKitDeployment: the key selects its deployment, as `npx convex deploy` does.
        var status = await RunPublish(w, Publish(w, null), null);

        Assert.True(status == RunStatus.Succeeded, Last!.AllText);
        Assert.Contains($"https://{ProductionHost}/callback", w.Emulator.State.WorkOSEnvironmentFor(Prod)!.RedirectUris);
        Assert.Equal(0, w.Emulator.State.ProvisioningCalls);
    }

    [Fact]
    public async Task A_missing_build_variable_fails_before_the_first_request()
    {
        await using var w = await World(TemplateConvexJson("react-vite-authkit"));
        w.Env("VERCEL_PROJECT_PRODUCTION_URL", null);

        var status = await RunPublish(w, Publish(w, "prod"), null);

        Assert.Equal(RunStatus.Failed, status);
        var error = Assert.Single(Last!.Errors);
        Assert.Equal("CAK0010", error.Code);
        Assert.Contains("VERCEL_PROJECT_PRODUCTION_URL", error.Text);
        Assert.Empty(w.Emulator.Requests);
    }

    [Fact]
    public async Task A_build_client_id_that_differs_from_prods_is_CAK0201_and_nothing_changes()
    {
        await using var w = await World(TemplateConvexJson("react-vite-authkit"));
        var existing = w.Emulator.State.ProvisionWorkOSEnvironment(Prod);
        w.Emulator.State.SetDeploymentVariable(Prod, "WORKOS_CLIENT_ID", existing.ClientId);
        w.Emulator.State.SetDeploymentVariable(Prod, "WORKOS_API_KEY", existing.ApiKey);
        w.Env("WORKOS_CLIENT_ID", "client_01JZZZZZZZZZZZZZZZZZZZZZZZ");

        var status = await RunPublish(w, Publish(w, "prod"), null);

        Assert.Equal(RunStatus.Failed, status);
        Assert.Equal("CAK0201", Assert.Single(Last!.Errors).Code);
        Assert.Empty(w.Emulator.State.WorkOSEnvironmentFor(Prod)!.RedirectUris);
    }

    [Fact]
    public async Task The_dev_values_in_env_local_are_not_compared_with_prods()
    {
        var devClient = "client_01JAAAAAAAAAAAAAAAAAAAAAAA";
        await using var w = await World(TemplateConvexJson("react-vite-authkit"));
        w.WriteFile(".env.local", FlowWorld.ViteEnvLocal + $"WORKOS_CLIENT_ID={devClient}\n");

        var status = await RunPublish(w, Publish(w, "prod"), null);

        Assert.True(status == RunStatus.Succeeded, Last!.AllText);
        Assert.NotEqual(devClient, w.Emulator.State.DeploymentVariables(Prod)["WORKOS_CLIENT_ID"]);
    }

    [Fact]
    public async Task A_staging_prod_section_provisions_a_nonproduction_environment()
    {
        var convexJson = TemplateConvexJson("react-vite-authkit").Replace("\"prod\": {", "\"prod\": {\n      \"environmentType\": \"staging\",");
        await using var w = await World(convexJson);

        var status = await RunPublish(w, Publish(w, "prod"), null);

        Assert.True(status == RunStatus.Succeeded, Last!.AllText);
        Assert.Equal("nonproduction", w.Emulator.State.WorkOSEnvironmentFor(Prod)!.EnvironmentType);
    }

    [Fact]
    public async Task Verify_fails_when_prod_lacks_the_variables_and_changes_nothing()
    {
        await using var w = await World(TemplateConvexJson("react-vite-authkit"));

        var status = await RunPublish(w, Publish(w, "prod", ProvisioningMode.Verify), null);

        Assert.Equal(RunStatus.Failed, status);
        Assert.Equal("CAK0205", Assert.Single(Last!.Errors).Code);
        Assert.Null(w.Emulator.State.WorkOSEnvironmentFor(Prod));
        Assert.Empty(w.Emulator.State.DeploymentVariables(Prod));
    }

    [Fact]
    public async Task Dry_run_says_what_a_publish_would_do_and_changes_nothing()
    {
        await using var w = await World(TemplateConvexJson("react-vite-authkit"));

        var status = await RunPublish(w, Publish(w, "prod", ProvisioningMode.DryRun), null);

        Assert.Equal(RunStatus.Succeeded, status);
        Assert.Contains("would provision a production WorkOS environment", Last!.AllText);
        Assert.Contains($"https://{ProductionHost}/callback", Last.AllText);
        Assert.Null(w.Emulator.State.WorkOSEnvironmentFor(Prod));
        Assert.Empty(w.Emulator.State.DeploymentVariables(Prod));
    }

    [Fact]
    public async Task The_build_with_a_production_key_and_an_authKit_prod_section_leaves_it_to_the_publish()
    {
        var emulatorOptions = EmulatorOptions.Default();
        await using var w = await World(TemplateConvexJson("react-vite-authkit"), emulatorOptions);
        w.Env("CONVEX_DEPLOY_KEY", emulatorOptions.Deployments.Single(d => d.Name == Prod).DeployKey);

        var status = await w.RunAsync();

        Assert.Equal(RunStatus.Succeeded, status);
        Assert.Empty(w.Reporter.Warnings);
        Assert.Empty(w.Emulator.Requests);
    }

    [Fact]
    public async Task A_publish_that_names_no_prod_or_preview_does_nothing()
    {
        await using var w = await World(TemplateConvexJson("react-vite-authkit"));

        var status = await RunPublish(w, Publish(w, null), null);

        Assert.Equal(RunStatus.Succeeded, status);
        Assert.Empty(w.Emulator.Requests);
        Assert.Empty(Last!.Warnings);
    }

    [Fact]
    public async Task A_project_deploy_key_cannot_reach_a_preview_and_nothing_is_requested()
    {
        var emulatorOptions = EmulatorOptions.Default();
        await using var w = await World(TemplateConvexJson("react-vite-authkit"), emulatorOptions);
        w.Env("CONVEX_DEPLOY_KEY", emulatorOptions.Teams[0].Projects[0].DeployKey);

        var status = await RunPublish(w, Publish(w, "preview:feature-login"), null);

        Assert.Equal(RunStatus.Failed, status);
        Assert.Equal("CAK0111", Assert.Single(Last!.Errors).Code);
        Assert.Empty(w.Emulator.Requests);
    }

    [Fact]
    public async Task A_project_deploy_key_reaches_prod_and_may_provision()
    {
        var emulatorOptions = EmulatorOptions.Default();
        await using var w = await World(TemplateConvexJson("react-vite-authkit"), emulatorOptions);
        w.Env("CONVEX_OVERRIDE_ACCESS_TOKEN", null).Env("CONVEX_DEPLOY_KEY", emulatorOptions.Teams[0].Projects[0].DeployKey);

        var status = await RunPublish(w, Publish(w, "prod"), null);

        Assert.True(status == RunStatus.Succeeded, Last!.AllText);
        Assert.Equal("production", w.Emulator.State.WorkOSEnvironmentFor(Prod)!.EnvironmentType);
    }

    [Fact]
    public async Task With_a_login_but_no_CONVEX_DEPLOYMENT_it_is_CAK0113_before_any_request()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithConfigApp(TemplateConvexJson("react-vite-authkit"), envLocal: null);
        w.Env("VERCEL_PROJECT_PRODUCTION_URL", ProductionHost);

        var status = await RunPublish(w, Publish(w, "prod"), null);

        Assert.Equal(RunStatus.Failed, status);
        Assert.Equal("CAK0113", Assert.Single(Last!.Errors).Code);
        Assert.Empty(w.Emulator.Requests);
    }

    [Theory]
    [InlineData(ProvisioningMode.DryRun)]
    [InlineData(ProvisioningMode.Status)]
    public async Task A_read_only_run_with_a_preview_deploy_key_never_claims_and_plans_the_claim_of_a_new_preview(ProvisioningMode mode)
    {
        var emulatorOptions = EmulatorOptions.Default();
        await using var w = await World(TemplateConvexJson("react-vite-authkit"), emulatorOptions);
        w.Env("CONVEX_DEPLOY_KEY", emulatorOptions.Teams[0].Projects[0].PreviewDeployKey);

        var status = await RunPublish(w, Publish(w, "preview:brand-new", mode), null);

        Assert.True(status == RunStatus.Succeeded, Last!.AllText);
        Assert.Null(w.Emulator.State.PreviewDeploymentNamed("brand-new"));
        // Only the lookup that never creates: authorize_preview with the key.
        Assert.Equal(new[] { "/api/deployment/authorize_preview" }, w.Emulator.Requests.Select(r => r.Path));
        Assert.Contains("would claim preview deployment 'brand-new'", Last.AllText);
    }

    [Fact]
    public async Task Verify_with_a_preview_deploy_key_fails_for_a_preview_that_does_not_exist_yet_and_creates_nothing()
    {
        var emulatorOptions = EmulatorOptions.Default();
        await using var w = await World(TemplateConvexJson("react-vite-authkit"), emulatorOptions);
        w.Env("CONVEX_DEPLOY_KEY", emulatorOptions.Teams[0].Projects[0].PreviewDeployKey);

        var status = await RunPublish(w, Publish(w, "preview:brand-new", ProvisioningMode.Verify), null);

        Assert.Equal(RunStatus.Failed, status);
        Assert.Equal(DiagnosticCodes.VerifyFailed, Assert.Single(Last!.Errors).Code);
        Assert.Null(w.Emulator.State.PreviewDeploymentNamed("brand-new"));
        Assert.DoesNotContain(w.Emulator.Requests, r => r.Path == ClaimPath);
    }

    [Fact]
    public async Task Verify_with_a_preview_deploy_key_checks_the_existing_preview_it_finds_without_claiming()
    {
        var emulatorOptions = EmulatorOptions.Default();
        await using var w = await PreviewKeyWorld(emulatorOptions);
        Assert.True(await RunPublish(w, Publish(w, null), null) == RunStatus.Succeeded, Last!.AllText);
        var name = w.Emulator.State.PreviewDeploymentNamed("feature-checkout")!;
        w.Emulator.ClearRequests();

        Assert.True(await RunPublish(w, Publish(w, null, ProvisioningMode.Verify), null) == RunStatus.Succeeded, Last!.AllText);
        Assert.DoesNotContain(w.Emulator.Requests, r => r.Path == ClaimPath || r.Path.Contains("update_environment_variables"));

        w.Emulator.State.SetDeploymentVariable(name, "WORKOS_CLIENT_ID", null);
        w.Emulator.State.SetDeploymentVariable(name, "WORKOS_ENVIRONMENT_ID", null);
        w.Emulator.State.SetDeploymentVariable(name, "WORKOS_API_KEY", null);
        var incomplete = await RunPublish(w, Publish(w, null, ProvisioningMode.Verify), null);

        Assert.Equal(RunStatus.Failed, incomplete);
        Assert.Equal(DiagnosticCodes.VerifyFailed, Assert.Single(Last!.Errors).Code);
        Assert.Empty(w.Emulator.State.DeploymentVariables(name).Keys.Where(k => k.StartsWith("WORKOS_", StringComparison.Ordinal)));
    }

    // ---- the preview deploy key's claim (claim_preview_deployment, as `npx convex deploy`) ----

    private static async Task<FlowWorld> PreviewKeyWorld(EmulatorOptions emulatorOptions, string? key = null)
    {
        var w = await World(TemplateConvexJson("react-vite-authkit"), emulatorOptions);
        w.Env("CONVEX_OVERRIDE_ACCESS_TOKEN", null)
         .Env("CONVEX_DEPLOY_KEY", key ?? emulatorOptions.Teams[0].Projects[0].PreviewDeployKey)
         .Env("VERCEL", "1").Env("VERCEL_GIT_COMMIT_REF", "feature-checkout");
        return w;
    }

    private static string PublishCache(FlowWorld w) => Path.Combine(Path.GetDirectoryName(w.CacheFile)!, "ConvexAuthKit.preview-test.cache.json");

    [Fact]
    public async Task A_repeated_preview_publish_with_nothing_changed_sends_no_request()
    {
        var emulatorOptions = EmulatorOptions.Default();
        await using var w = await PreviewKeyWorld(emulatorOptions);
        Assert.Equal(RunStatus.Succeeded, await RunPublish(w, Publish(w, null), PublishCache(w)));
        w.Emulator.ClearRequests();

        var second = await RunPublish(w, Publish(w, null), PublishCache(w));

        Assert.Equal(RunStatus.SkippedFromCache, second);
        Assert.Empty(w.Emulator.Requests);
    }

    [Fact]
    public async Task The_claim_of_the_real_deploy_after_the_publish_and_a_second_publish_get_the_same_preview_with_its_WORKOS_variables()
    {
        var emulatorOptions = EmulatorOptions.Default();
        await using var w = await PreviewKeyWorld(emulatorOptions);
        Assert.True(await RunPublish(w, Publish(w, null), null) == RunStatus.Succeeded, Last!.AllText);
        var name = w.Emulator.State.PreviewDeploymentNamed("feature-checkout")!;
        var vars = w.Emulator.State.DeploymentVariables(name);

        // What `npx convex deploy` sends next in the same CI job (without --preview-create).
        var cli = await ConvexAuthKit.Tests.Emulator.Http.Post(w.Emulator.ProvisionHost + ClaimPath,
            new { projectSelection = new { kind = "teamAndProjectSlugs", teamSlug = EmulatorOptions.DefaultTeamSlug, projectSlug = EmulatorOptions.DefaultProjectSlug }, identifier = "feature-checkout", reuse = true },
            "Bearer " + emulatorOptions.Teams[0].Projects[0].PreviewDeployKey);
        var again = await RunPublish(w, Publish(w, null), null);

        Assert.Equal(name, (string?)cli.Json!["deploymentName"]);
        Assert.False((bool)cli.Json["isNewDeployment"]!);
        Assert.True(again == RunStatus.Succeeded, Last!.AllText);
        Assert.Equal(name, w.Emulator.State.PreviewDeploymentNamed("feature-checkout"));
        Assert.Equal(vars, w.Emulator.State.DeploymentVariables(name));
        Assert.Equal(3, vars.Keys.Count(k => k.StartsWith("WORKOS_", StringComparison.Ordinal)));
        Assert.Equal(1, w.Emulator.State.WorkOSEnvironmentsCreated);
        Assert.Contains("existing deployment " + name, Last.AllText);
    }

    [Fact]
    public async Task A_preview_deploy_key_that_Convex_does_not_accept_for_its_project_is_CAK0103_and_nothing_is_created()
    {
        var emulatorOptions = EmulatorOptions.Default();
        var realKey = emulatorOptions.Teams[0].Projects[0].PreviewDeployKey!;
        var secret = realKey[(realKey.IndexOf('|') + 1)..];
        await using var w = await PreviewKeyWorld(emulatorOptions, $"preview:{EmulatorOptions.DefaultTeamSlug}:another-app|{secret}");

        var status = await RunPublish(w, Publish(w, null), null);

        Assert.Equal(RunStatus.Failed, status);
        var error = Assert.Single(Last!.Errors);
        Assert.Equal("CAK0103", error.Code);
        Assert.Contains("AuthenticationFailed", error.Text);
        Assert.DoesNotContain(secret, Last.AllText);
        Assert.Null(w.Emulator.State.PreviewDeploymentNamed("feature-checkout"));
        Assert.All(w.Emulator.Requests, r => Assert.Equal(ClaimPath, r.Path));
    }

    public static TheoryData<string> BadClaimAnswers()
    {
        const string key = "preview:calm-heron-123|0123456789abcdef";
        const string url = "https://calm-heron-123.convex.cloud";
        string Answer(object answer) => System.Text.Json.JsonSerializer.Serialize(answer);
        return new()
        {
            "[]",
            "\"https://calm-heron-123.convex.cloud\"",
            Answer(new { deploymentName = "calm-heron-123", instanceUrl = url }),
            Answer(new { deploymentName = "calm-heron-123", adminKey = "no-bar-key", instanceUrl = url }),
            Answer(new { deploymentName = "calm-heron-123", adminKey = key + "\r\nX-Evil: 1", instanceUrl = url }),
            Answer(new { deploymentName = "calm-heron-123", adminKey = key }),
            Answer(new { deploymentName = "calm-heron-123", adminKey = key, url }),
            Answer(new { deploymentName = "calm-heron-123", adminKey = key, instanceUrl = "https://evil.example/api" }),
            Answer(new { deploymentName = "calm-heron-123", adminKey = key, instanceUrl = "https://user@evil.example" }),
            Answer(new { deploymentName = "calm-heron-123\nerror CAK0000: x", adminKey = key, instanceUrl = "https://evil.example" }),
            Answer(new { deploymentName = "other-otter-999", adminKey = key, instanceUrl = url }),
            Answer(new { adminKey = key, instanceUrl = "https://evil.example" }),
            Answer(new { deploymentName = "calm-heron-123", adminKey = key, instanceUrl = url, deploymentType = "prod" }),
        };
    }

    /// <summary>One CAK0308 with no control character and no key in it, and nothing sent beyond Big Brain.</summary>
    private void AssertRefusedAsMalformed(FlowWorld w, RunStatus status)
    {
        Assert.Equal(RunStatus.Failed, status);
        var error = Assert.Single(Last!.Errors);
        Assert.Equal("CAK0308", error.Code);
        Assert.DoesNotMatch(@"[\u0000-\u001f]", error.Text);
        Assert.DoesNotContain("0123456789abcdef", Last.AllText);
        Assert.All(w.Emulator.Requests, r => Assert.Equal("bigbrain", r.Service));
    }

    public static TheoryData<string> BadAuthorizeProdAnswers()
    {
        const string key = "prod:calm-heron-123|0123456789abcdef";
        const string url = "https://calm-heron-123.convex.cloud";
        string Answer(object answer) => System.Text.Json.JsonSerializer.Serialize(answer);
        return new()
        {
            "[]",
            Answer(new { deploymentName = "calm-heron-123", url }),
            Answer(new { deploymentName = "calm-heron-123", adminKey = key + "\r\nX-Evil: 1", url }),
            Answer(new { deploymentName = "calm-heron-123", adminKey = key }),
            Answer(new { deploymentName = "calm-heron-123", adminKey = key, url = "https://evil.example/api" }),
            Answer(new { deploymentName = "calm-heron-123\nerror CAK0000: x", adminKey = key, url }),
            Answer(new { adminKey = key, url }),
            Answer(new { deploymentName = "calm-heron-123", adminKey = key, url, deploymentType = "dev" }),
        };
    }

    /// <summary>The production deployment's answer is checked as strictly as the dev deployment's and the claim's.</summary>
    [Theory]
    [MemberData(nameof(BadAuthorizeProdAnswers))]
    public async Task An_authorize_prod_answer_of_the_wrong_shape_is_CAK0308_and_no_deployment_is_contacted(string answer)
    {
        await using var w = await World(TemplateConvexJson("react-vite-authkit"));
        w.Emulator.Faults.Add(new FaultRule { Service = "bigbrain", Path = "/api/deployment/authorize_prod", Status = 200, Body = answer });

        var status = await RunPublish(w, Publish(w, "prod"), null);

        AssertRefusedAsMalformed(w, status);
    }

    [Theory]
    [MemberData(nameof(BadClaimAnswers))]
    public async Task A_claim_answer_of_the_wrong_shape_is_CAK0308_and_no_deployment_is_contacted(string answer)
    {
        var emulatorOptions = EmulatorOptions.Default();
        await using var w = await PreviewKeyWorld(emulatorOptions);
        w.Emulator.Faults.Add(new FaultRule { Service = "bigbrain", Path = ClaimPath, Status = 200, Body = answer });

        var status = await RunPublish(w, Publish(w, null), null);

        AssertRefusedAsMalformed(w, status);
    }

    [Fact]
    public async Task Preview_by_name_with_a_login_never_creates_a_missing_preview()
    {
        await using var w = await World(TemplateConvexJson("nextjs-authkit"));

        var status = await RunPublish(w, Publish(w, "preview:brand-new"), null);

        Assert.Equal(RunStatus.Failed, status);
        Assert.Equal("CAK0110", Assert.Single(Last!.Errors).Code);
        Assert.Null(w.Emulator.State.PreviewDeploymentNamed("brand-new"));
        Assert.DoesNotContain(w.Emulator.Requests, r => r.Path == ClaimPath);
    }
}
