using System.Text.Json;
using ConvexAuthKit.Emulator;
using ConvexAuthKit.PackageTests.Infrastructure;

namespace ConvexAuthKit.PackageTests.Provisioning;

/// <summary>
/// `dotnet publish` of a .NET host of each official AuthKit template for the production deployment and for a
/// preview (Vercel-style build variables), in CI with ConvexAuthKitEnabled=true; plus the cases that must change
/// nothing: no authKit section, the production deployment's own key, and `dotnet build` with the property set.
/// The templates' convex.json is read from the shared corpus at test time.
/// </summary>
[Collection(PackageCollection.Name)]
public sealed class PublishDeploymentBuildTests(PackageFeed feed) : IAsyncLifetime
{
    private const string Dev = EmulatorOptions.DefaultDevDeployment;
    private const string Prod = EmulatorOptions.DefaultProdDeployment;
    private const string ProductionHost = "shop.example.com";
    private const string BranchHost = "shop-git-feature-checkout-acme.vercel.app";
    private EmulatorOptions _options = null!;
    private ConvexEmulator _emulator = null!;

    public async Task InitializeAsync()
    {
        _options = EmulatorOptions.Default();
        _emulator = await ConvexEmulator.StartAsync(_options);
    }

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var template in new[] { "nextjs-authkit", "tanstack-start-authkit", "react-vite-authkit" })
        {
            data.Add(template, "prod");
            data.Add(template, "preview");
        }
        return data;
    }

    private static string TemplateConvexJson(string template) =>
        File.ReadAllText(Path.Combine(RepoPaths.Shared, "corpus", "templates", template, "convex.json"));

    private static FrontendKind KindOf(string template) =>
        template.StartsWith("nextjs", StringComparison.Ordinal) ? FrontendKind.NextJs
        : template.StartsWith("tanstack", StringComparison.Ordinal) ? FrontendKind.TanStackStart : FrontendKind.Vite;

    /// <summary>A host of the template's frontend, in a CI environment with the Vercel variables the sections use.</summary>
    private ConsumerProject App(string name, string template, string? convexJson = null)
    {
        var app = ConsumerProject.Create(feed, name).WithFrontend(KindOf(template), authConfig: null).UsingEmulator(_emulator);
        File.WriteAllText(Path.Combine(app.FrontendDir, "convex.json"), convexJson ?? TemplateConvexJson(template));
        app.SetEnvironment("CI", "true")
           .SetEnvironment("VERCEL_PROJECT_PRODUCTION_URL", ProductionHost)
           .SetEnvironment("VERCEL_BRANCH_URL", BranchHost);
        return app;
    }

    private static Task<ProcessResult> PublishAsync(ConsumerProject app, params string[] args) =>
        app.DotnetAsync("publish", [app.ProjectFile, "-nodeReuse:false", "-p:ConvexAuthKitEnabled=true", .. args]);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Publish_sets_up_the_deployment_as_the_template_says_and_a_repeat_sends_no_request(string template, string kind)
    {
        using var app = App("pub-" + template[..5] + "-" + kind, template);
        var envLocal = File.ReadAllBytes(app.EnvLocalPath);
        string[] args;
        if (kind == "prod")
        {
            args = ["-p:ConvexAuthKitDeployment=prod"];
        }
        else
        {
            // As on Vercel: a preview deploy key, the branch from VERCEL_GIT_COMMIT_REF; the preview is created.
            app.SetEnvironment("CONVEX_DEPLOY_KEY", _options.Teams[0].Projects[0].PreviewDeployKey)
               .SetEnvironment("VERCEL", "1").SetEnvironment("VERCEL_GIT_COMMIT_REF", "feature-checkout");
            args = [];
        }

        var result = await PublishAsync(app, args);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("MSB4018", result.Output);
        var deployment = kind == "prod" ? Prod : _emulator.State.PreviewDeploymentNamed("feature-checkout")!;
        if (kind == "preview")
        {
            // Claimed as `npx convex deploy` claims it (created, since the branch had none), not authorized by name.
            Assert.Single(_emulator.Requests, r => r.Path == "/api/claim_preview_deployment" && r.Status == 200);
            Assert.DoesNotContain(_emulator.Requests, r => r.Path == "/api/deployment/authorize_preview");
        }
        var env = _emulator.State.WorkOSEnvironmentFor(deployment)!;
        Assert.Equal(kind == "prod" ? "production" : "nonproduction", env.EnvironmentType);
        var vars = _emulator.State.DeploymentVariables(deployment);
        Assert.Equal(env.ClientId, vars["WORKOS_CLIENT_ID"]);
        Assert.Equal(env.EnvironmentId, vars["WORKOS_ENVIRONMENT_ID"]);
        Assert.Equal(env.ApiKey, vars["WORKOS_API_KEY"]);
        Assert.DoesNotContain(env.ApiKey, result.Output);

        var host = kind == "prod" ? ProductionHost : BranchHost;
        var configure = JsonDocument.Parse(TemplateConvexJson(template)).RootElement.GetProperty("authKit").GetProperty(kind).GetProperty("configure");
        string Fill(JsonElement e) => e.GetString()!.Replace("${buildEnv.VERCEL_BRANCH_URL}", BranchHost).Replace("${buildEnv.VERCEL_PROJECT_PRODUCTION_URL}", ProductionHost);
        Assert.Equal(configure.GetProperty("redirectUris").EnumerateArray().Select(Fill), env.RedirectUris);
        Assert.Equal(configure.GetProperty("corsOrigins").EnumerateArray().Select(Fill), env.CorsOrigins);
        Assert.Contains(host, env.RedirectUris[0]);

        // The dev deployment and .env.local are untouched (the build did not act on dev in CI either).
        Assert.Empty(_emulator.State.DeploymentVariables(Dev));
        Assert.Null(_emulator.State.WorkOSEnvironmentFor(Dev));
        Assert.Equal(envLocal, File.ReadAllBytes(app.EnvLocalPath));

        _emulator.ClearRequests();
        var second = await PublishAsync(app, args);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Empty(_emulator.Requests);
    }

    [Fact]
    public async Task Without_the_section_publish_warns_once_and_changes_nothing()
    {
        var devOnly = """{ "authKit": { "dev": { "configure": { "redirectUris": ["http://localhost:5173/callback"] } } } }""";
        using var app = App("pub-nosec", "react-vite-authkit", devOnly);

        var result = await PublishAsync(app, "-p:ConvexAuthKitDeployment=prod");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Single(result.Output.Split('\n').Where(l => l.Contains("warning CAK0105")).Select(l => l.Trim()).Distinct());
        Assert.Empty(_emulator.State.DeploymentVariables(Prod));
        Assert.Null(_emulator.State.WorkOSEnvironmentFor(Prod));
    }

    [Fact]
    public async Task The_production_deployments_own_key_is_refused_with_CAK0220_and_nothing_changes()
    {
        using var app = App("pub-dkey", "react-vite-authkit", null);
        app.SetEnvironment("CONVEX_DEPLOY_KEY", _options.Deployments.Single(d => d.Name == Prod).DeployKey);

        var result = await PublishAsync(app, "-p:ConvexAuthKitDeployment=prod");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("error CAK0220", result.Output);
        Assert.Contains("WORKOS_CLIENT_ID and WORKOS_API_KEY", result.Output);
        Assert.DoesNotContain("MSB4018", result.Output);
        Assert.Empty(_emulator.State.DeploymentVariables(Prod));
        Assert.Equal(0, _emulator.State.ProvisioningCalls);
    }

    [Fact]
    public async Task Build_with_the_property_changes_nothing_remote_and_status_shows_what_a_publish_would_do()
    {
        using var app = App("pub-build", "react-vite-authkit");

        var build = await app.BuildAsync("-p:ConvexAuthKitEnabled=true", "-p:ConvexAuthKitDeployment=prod");
        var status = await app.BuildAsync("-t:ConvexAuthKitStatus", "-p:ConvexAuthKitDeployment=prod");

        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains("would provision a production WorkOS environment", status.Output);
        Assert.Contains($"https://{ProductionHost}/callback", status.Output);
        Assert.Empty(_emulator.State.DeploymentVariables(Prod));
        Assert.Empty(_emulator.State.DeploymentVariables(Dev));
        Assert.Equal(0, _emulator.State.ProvisioningCalls);
        Assert.DoesNotContain(_emulator.Requests, r => r.Method == "POST" && r.Path.Contains("update_environment_variables"));
    }
}
