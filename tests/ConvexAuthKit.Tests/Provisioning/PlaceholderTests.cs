using ConvexAuthKit.EnvFiles;
using ConvexAuthKit.Emulator;
using ConvexAuthKit.Provisioning;
using ConvexAuthKit.Tests.Support;

namespace ConvexAuthKit.Tests.Provisioning;

/// <summary>
/// Values that are not WorkOS ids or keys (the official templates' .env.local.example placeholders) are never used
/// as credentials, sent anywhere or written to a deployment: the run provisions a real environment and replaces
/// them in .env.local, saying so. The templates themselves are read from the shared corpus, never copied here.
/// </summary>
public sealed class PlaceholderTests
{
    private const string Dep = FlowWorld.Deployment;
    private const string ExampleCookiePassword = "your_secure_password_here_must_be_at_least_32_characters_long";

    private static string TemplateDir(string template) => Path.Combine(RepositoryPaths.Shared, "corpus", "templates", template);

    /// <summary>The template's .env.local.example followed by what `npx convex dev` adds to it.</summary>
    private static string CopiedExample(string template, string urlName)
    {
        var text = File.ReadAllText(Path.Combine(TemplateDir(template), ".env.local.example"));
        var doc = EnvFileDocument.FromText(text);
        doc.Set("CONVEX_DEPLOYMENT", $"dev:{Dep}", "# Deployment used by `npx convex dev`");
        doc.Set(urlName, $"https://{Dep}.convex.cloud");
        return doc.Text;
    }

    private static FlowWorld FromTemplate(FlowWorld w, string template, string envLocal)
    {
        foreach (var file in new[] { "package.json", "convex.json" })
            File.Copy(Path.Combine(TemplateDir(template), file), Path.Combine(w.FrontendDir, file));
        w.WriteFile(".env.local", envLocal);
        return w;
    }

    public static TheoryData<string, string> Templates => new()
    {
        { "nextjs-authkit", "NEXT_PUBLIC_CONVEX_URL" },
        { "tanstack-start-authkit", "VITE_CONVEX_URL" },
        { "react-vite-authkit", "VITE_CONVEX_URL" },
    };

    [Theory]
    [MemberData(nameof(Templates))]
    public async Task Copied_example_env_local_provisions_a_real_environment_and_replaces_every_placeholder(string template, string urlName)
    {
        await using var w = await FlowWorld.CreateAsync();
        var example = EnvFileDocument.FromText(File.ReadAllText(Path.Combine(TemplateDir(template), ".env.local.example")));
        var placeholders = new[] { "WORKOS_CLIENT_ID", "WORKOS_API_KEY", "VITE_WORKOS_CLIENT_ID", "WORKOS_COOKIE_PASSWORD" }
            .Select(example.GetValue).OfType<string>().ToList();
        Assert.NotEmpty(placeholders);
        FromTemplate(w, template, CopiedExample(template, urlName));

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync());

        var env = w.Emulator.State.WorkOSEnvironmentFor(Dep)!;
        var vars = w.Emulator.State.DeploymentVariables(Dep);
        Assert.Equal(env.ClientId, vars["WORKOS_CLIENT_ID"]);
        Assert.Equal(env.EnvironmentId, vars["WORKOS_ENVIRONMENT_ID"]);
        Assert.Equal(env.ApiKey, vars["WORKOS_API_KEY"]);
        // No placeholder was ever sent anywhere.
        foreach (var request in w.Emulator.Requests)
            Assert.DoesNotContain(placeholders, p => request.Body.Contains(p) || request.Path.Contains(p));

        var envLocal = EnvFileDocument.FromText(w.ReadEnvLocal());
        var clientIdName = template == "react-vite-authkit" ? "VITE_WORKOS_CLIENT_ID" : "WORKOS_CLIENT_ID";
        Assert.Equal(env.ClientId, envLocal.GetValue(clientIdName));
        if (template != "react-vite-authkit")
        {
            Assert.Equal(env.ApiKey, envLocal.GetValue("WORKOS_API_KEY"));
            var cookie = envLocal.GetValue("WORKOS_COOKIE_PASSWORD");
            Assert.Matches("^[A-Za-z0-9_-]{43}$", cookie);
        }
        Assert.DoesNotContain(placeholders, p => w.ReadEnvLocal().Contains(p));
        var summary = Assert.Single(w.Reporter.Reports, r => r.Text.Contains("wrote "));
        Assert.Contains("replacing the placeholder value", summary.Text);
        Assert.Contains(clientIdName, summary.Text[summary.Text.IndexOf("replacing", StringComparison.Ordinal)..]);
        Assert.DoesNotContain(env.ApiKey, w.Reporter.AllText);

        // A second run changes nothing.
        var after = w.ReadEnvLocal();
        Assert.Equal(RunStatus.Succeeded, await w.RunAsync(force: true));
        Assert.Equal(after, w.ReadEnvLocal());
        Assert.Equal(1, w.Emulator.State.WorkOSEnvironmentsCreated);
    }

    [Fact]
    public async Task Placeholder_in_the_process_environment_is_ignored_with_CAK0210_and_never_sent()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp().Env("WORKOS_CLIENT_ID", "client_your_client_id_here").Env("WORKOS_API_KEY", "sk_test_your_api_key_here");

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync());

        Assert.Equal(new[] { "CAK0210", "CAK0210" }, w.Reporter.Warnings.Select(r => r.Code));
        Assert.DoesNotContain("sk_test_your_api_key_here", w.Reporter.AllText);
        var env = w.Emulator.State.WorkOSEnvironmentFor(Dep)!;
        Assert.Equal(env.ClientId, w.Emulator.State.DeploymentVariables(Dep)["WORKOS_CLIENT_ID"]);
        Assert.DoesNotContain(w.Emulator.Requests, r => r.Body.Contains("your_"));
    }

    [Fact]
    public async Task Placeholders_left_on_the_deployment_are_treated_as_missing_and_replaced_by_provisioning()
    {
        // What an older ConvexAuthKit left behind after taking .env.local.example values for credentials.
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        w.Emulator.State.SetDeploymentVariable(Dep, "WORKOS_CLIENT_ID", "client_your_client_id_here");
        w.Emulator.State.SetDeploymentVariable(Dep, "WORKOS_API_KEY", "sk_test_your_api_key_here");

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync());

        var env = w.Emulator.State.WorkOSEnvironmentFor(Dep)!;
        var vars = w.Emulator.State.DeploymentVariables(Dep);
        Assert.Equal(env.ClientId, vars["WORKOS_CLIENT_ID"]);
        Assert.Equal(env.ApiKey, vars["WORKOS_API_KEY"]);
        Assert.Contains($"VITE_WORKOS_CLIENT_ID={env.ClientId}\n", w.ReadEnvLocal());
    }

    [Fact]
    public async Task A_real_client_id_beside_a_placeholder_key_on_the_deployment_is_CAK0202_saying_why_and_nothing_is_overwritten()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        w.Emulator.State.SetDeploymentVariable(Dep, "WORKOS_CLIENT_ID", "client_01JA4BGY6RK3NHY7NM0NWGPZBG");
        w.Emulator.State.SetDeploymentVariable(Dep, "WORKOS_API_KEY", "sk_test_your_api_key_here");

        Assert.Equal(RunStatus.Failed, await w.RunAsync());

        var error = Assert.Single(w.Reporter.Errors);
        Assert.Equal("CAK0202", error.Code);
        Assert.Contains("WORKOS_API_KEY is set, but not shaped like a WorkOS id or key", error.Text);
        Assert.Equal("sk_test_your_api_key_here", w.Emulator.State.DeploymentVariables(Dep)["WORKOS_API_KEY"]);
        Assert.Equal(0, w.Emulator.State.ProvisioningCalls);
    }

    [Fact]
    public async Task Placeholders_in_dot_env_are_ignored_and_the_real_values_go_to_env_local()
    {
        await using var w = await FlowWorld.CreateAsync();
        const string config = """{ "authKit": { "dev": { "localEnvVars": { "WORKOS_CLIENT_ID": "${authEnv.WORKOS_CLIENT_ID}", "WORKOS_API_KEY": "${authEnv.WORKOS_API_KEY}" } } } }""";
        w.WithConfigApp(config, "\"next\": \"15.5.0\"");
        const string dotEnv = "WORKOS_CLIENT_ID=client_your_client_id_here\nWORKOS_API_KEY=sk_test_your_api_key_here\nWORKOS_COOKIE_PASSWORD=" + ExampleCookiePassword + "\n";
        w.WriteFile(".env", dotEnv);

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync());

        var env = w.Emulator.State.WorkOSEnvironmentFor(Dep)!;
        var doc = EnvFileDocument.FromText(w.ReadEnvLocal());
        Assert.Equal(env.ClientId, doc.GetValue("WORKOS_CLIENT_ID"));
        Assert.Equal(env.ApiKey, doc.GetValue("WORKOS_API_KEY"));
        Assert.Matches("^[A-Za-z0-9_-]{43}$", doc.GetValue("WORKOS_COOKIE_PASSWORD"));
        Assert.Equal(dotEnv, File.ReadAllText(Path.Combine(w.FrontendDir, ".env")));
        Assert.DoesNotContain(w.Emulator.Requests, r => r.Body.Contains("your_"));
    }

    [Fact]
    public async Task Seed_mode_next_app_with_the_example_values_gets_real_ones_and_the_summary_says_so()
    {
        await using var w = await FlowWorld.CreateAsync();
        var envLocal = FlowWorld.ViteEnvLocal.Replace("VITE_CONVEX_URL", "NEXT_PUBLIC_CONVEX_URL")
            + "WORKOS_CLIENT_ID=client_your_client_id_here\nWORKOS_API_KEY=sk_test_your_api_key_here\nWORKOS_COOKIE_PASSWORD=" + ExampleCookiePassword + "\n";
        w.WithNextApp(envLocal);

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync());

        var env = w.Emulator.State.WorkOSEnvironmentFor(Dep)!;
        var doc = EnvFileDocument.FromText(w.ReadEnvLocal());
        Assert.Equal(env.ClientId, doc.GetValue("WORKOS_CLIENT_ID"));
        Assert.Equal(env.ApiKey, doc.GetValue("WORKOS_API_KEY"));
        Assert.Matches("^[A-Za-z0-9_-]{43}$", doc.GetValue("WORKOS_COOKIE_PASSWORD"));
        Assert.Contains(w.Reporter.Reports, r => r.Text.Contains("replacing the placeholder values of WORKOS_CLIENT_ID, WORKOS_COOKIE_PASSWORD, WORKOS_API_KEY"));
        Assert.DoesNotContain(w.Emulator.Requests, r => r.Body.Contains("your_"));
    }

    [Theory]
    [InlineData(ExampleCookiePassword, true)]
    [InlineData("short-password-31-characters-xx", true)]
    [InlineData("a-real-password-of-exactly-32-ch", false)]
    public async Task Published_or_too_short_cookie_password_is_replaced_and_a_usable_one_kept(string password, bool replaced)
    {
        await using var w = await FlowWorld.CreateAsync();
        const string config = """{ "authKit": { "dev": { "localEnvVars": { "WORKOS_CLIENT_ID": "${authEnv.WORKOS_CLIENT_ID}" } } } }""";
        w.WithConfigApp(config, "\"next\": \"15.5.0\"", envLocal: FlowWorld.ViteEnvLocal + "WORKOS_COOKIE_PASSWORD=" + password + "\n");

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync());

        var now = EnvFileDocument.FromText(w.ReadEnvLocal()).GetValue("WORKOS_COOKIE_PASSWORD");
        if (replaced)
            Assert.Matches("^[A-Za-z0-9_-]{43}$", now);
        else
            Assert.Equal(password, now);
        Assert.DoesNotContain(now!, w.Reporter.AllText);
    }

    [Fact]
    public async Task A_real_shaped_env_local_value_of_a_credential_variable_is_kept_as_the_users_own()
    {
        // Only placeholders are replaced: a real-shaped value is the user's own, kept as the CLI keeps it.
        await using var w = await FlowWorld.CreateAsync();
        var existing = w.GiveDeploymentWorkOS();
        const string config = """{ "authKit": { "dev": { "localEnvVars": { "VITE_WORKOS_CLIENT_ID": "${authEnv.WORKOS_CLIENT_ID}" } } } }""";
        w.WithConfigApp(config, envLocal: FlowWorld.ViteEnvLocal + "VITE_WORKOS_CLIENT_ID=client_01JA4BGY6RK3NHY7NM0NWGPZBG\n");

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync());

        Assert.Contains("VITE_WORKOS_CLIENT_ID=client_01JA4BGY6RK3NHY7NM0NWGPZBG\n", w.ReadEnvLocal());
        Assert.NotEqual("client_01JA4BGY6RK3NHY7NM0NWGPZBG", existing.ClientId);
    }
}
