using ConvexAuthKit.Emulator;
using ConvexAuthKit.Provisioning;

namespace ConvexAuthKit.Tests.Provisioning;

/// <summary>A Convex team without a WorkOS team: a coded error, unless ConvexAuthKitWorkOSTeamEmail opts in explicitly.</summary>
public sealed class WorkOSTeamTests
{
    private const string Dep = FlowWorld.Deployment;

    private static async Task<FlowWorld> WorldWithoutWorkOSTeam()
    {
        var options = EmulatorOptions.Default();
        options.Teams[0].HasWorkOSTeam = false;
        var w = await FlowWorld.CreateAsync(options);
        w.WithViteApp();
        return w;
    }

    private static ProvisioningOptions WithEmail(FlowWorld w, string email)
    {
        var options = w.Options();
        options.WorkOSTeamEmail = email;
        return options;
    }

    [Fact]
    public async Task Without_opt_in_it_is_CAK0200_naming_the_cli_command_and_the_property()
    {
        await using var w = await WorldWithoutWorkOSTeam();

        Assert.Equal(RunStatus.Failed, await w.RunAsync());

        var error = Assert.Single(w.Reporter.Errors);
        Assert.Equal("CAK0200", error.Code);
        Assert.Contains("npx convex integration workos provision-team", error.Text);
        Assert.Contains("ConvexAuthKitWorkOSTeamEmail", error.Text);
        Assert.DoesNotContain(w.Emulator.Requests, r => r.Path.Contains("provision_associated_workos_team"));
        Assert.False(w.Emulator.State.TeamHasWorkOSTeam(EmulatorOptions.DefaultTeamSlug));
    }

    [Fact]
    public async Task With_a_verified_email_the_team_is_created_and_the_environment_provisioned()
    {
        await using var w = await WorldWithoutWorkOSTeam();

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync(options: WithEmail(w, EmulatorOptions.DefaultMemberEmail)));

        Assert.True(w.Emulator.State.TeamHasWorkOSTeam(EmulatorOptions.DefaultTeamSlug));
        Assert.NotNull(w.Emulator.State.WorkOSEnvironmentFor(Dep));
        Assert.Contains("VITE_WORKOS_CLIENT_ID=", w.ReadEnvLocal());
    }

    [Fact]
    public async Task Creating_the_team_is_said_loudly_with_the_terms()
    {
        await using var w = await WorldWithoutWorkOSTeam();

        await w.RunAsync(options: WithEmail(w, EmulatorOptions.DefaultMemberEmail));

        var message = Assert.Single(w.Reporter.Reports, r => r.Kind == "message:High" && r.Text.Contains("Terms of Service"));
        Assert.Contains(EmulatorOptions.DefaultMemberEmail, message.Text);
        Assert.Contains("Terms of Service", message.Text);
    }

    [Fact]
    public async Task Email_is_matched_case_insensitively_and_sent_as_convex_lists_it()
    {
        await using var w = await WorldWithoutWorkOSTeam();

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync(options: WithEmail(w, "  DEV@Example.com ")));

        var request = Assert.Single(w.Emulator.Requests, r => r.Path == "/api/workos/provision_associated_workos_team");
        Assert.Contains($"\"email\":\"{EmulatorOptions.DefaultMemberEmail}\"", request.Body);
        Assert.Contains($"\"teamId\":{EmulatorOptions.DefaultTeamId}", request.Body);
    }

    [Fact]
    public async Task Email_that_is_not_verified_is_CAK0206_listing_the_available_ones_and_creates_nothing()
    {
        await using var w = await WorldWithoutWorkOSTeam();

        Assert.Equal(RunStatus.Failed, await w.RunAsync(options: WithEmail(w, "someone@else.example")));

        var error = Assert.Single(w.Reporter.Errors);
        Assert.Equal("CAK0206", error.Code);
        Assert.Contains(EmulatorOptions.DefaultMemberEmail, error.Text);
        Assert.DoesNotContain(w.Emulator.Requests, r => r.Path.Contains("provision_associated_workos_team"));
        Assert.Equal(FlowWorld.ViteEnvLocal, w.ReadEnvLocal());
    }

    [Fact]
    public async Task Email_already_used_by_a_WorkOS_account_is_CAK0206()
    {
        var options = EmulatorOptions.Default();
        options.Teams[0].HasWorkOSTeam = false;
        options.ExistingWorkOSAccountEmails.Add(EmulatorOptions.DefaultMemberEmail);
        await using var w = await FlowWorld.CreateAsync(options);
        w.WithViteApp();

        Assert.Equal(RunStatus.Failed, await w.RunAsync(options: WithEmail(w, EmulatorOptions.DefaultMemberEmail)));

        var error = Assert.Single(w.Reporter.Errors);
        Assert.Equal("CAK0206", error.Code);
        Assert.Contains("already belongs to a WorkOS account", error.Text);
    }

    [Fact]
    public async Task Email_is_not_used_when_the_team_already_has_a_WorkOS_team()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync(options: WithEmail(w, EmulatorOptions.DefaultMemberEmail)));

        Assert.DoesNotContain(w.Emulator.Requests, r => r.Path.Contains("workos_team_emails") || r.Path.Contains("provision_associated"));
    }

    [Fact]
    public async Task Dry_run_with_the_opt_in_creates_no_team()
    {
        await using var w = await WorldWithoutWorkOSTeam();
        var options = WithEmail(w, EmulatorOptions.DefaultMemberEmail);
        options.Mode = ProvisioningMode.DryRun;

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync(options: options));

        Assert.False(w.Emulator.State.TeamHasWorkOSTeam(EmulatorOptions.DefaultTeamSlug));
    }

    [Fact]
    public async Task Project_deploy_key_cannot_create_a_team_and_says_to_log_in()
    {
        await using var w = await WorldWithoutWorkOSTeam();
        var key = w.Emulator.IssuedSecrets().First(s => s.StartsWith("project:", StringComparison.Ordinal));
        w.Env("CONVEX_OVERRIDE_ACCESS_TOKEN", null).Env("CONVEX_DEPLOY_KEY", key);

        Assert.Equal(RunStatus.Failed, await w.RunAsync(options: WithEmail(w, EmulatorOptions.DefaultMemberEmail)));

        var error = Assert.Single(w.Reporter.Errors);
        Assert.Equal("CAK0200", error.Code);
        Assert.Contains("npx convex login", error.Text);
        Assert.DoesNotContain(key, w.Reporter.AllText);
    }
}
