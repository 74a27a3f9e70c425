using ConvexAuthKit.Api;
using ConvexAuthKit.Diagnostics;
using ConvexAuthKit.EnvFiles;

namespace ConvexAuthKit.Tests.Planning;

/// <summary>
/// The credential decision as a pure function: the deployment's variables and the build's in, a plan out. No
/// emulator, no request: every rule the flow tests check end to end is pinned here on its own.
/// </summary>
public sealed class CredentialPlannerTests
{
    private const string Deployment = "happy-animal-123";
    private const string ClientId = "client_01JA4BGY6RK3NHY7NM0NWGPZBA";
    private const string OtherClientId = "client_01JA4BGY6RK3NHY7NM0NWGPZBG";
    private const string EnvironmentId = "environment_01JA4BGY6RK3NHY7NM0NWGPZBA";
    private const string ApiKey = "sk_test_onTheDeployment0123456789abcdefgh";
    private const string OtherApiKey = "sk_test_fromTheBuild0123456789abcdefghij";

    private static BuildWorkOSVariables Build(params (string Name, string Value)[] values) => Build(values, envLocal: "");

    private static BuildWorkOSVariables Build((string Name, string Value)[] real, string envLocal)
    {
        var document = EnvFileDocument.FromText(envLocal);
        string? Real(string name) => real.Where(v => v.Name == name).Select(v => v.Value).FirstOrDefault();
        return new BuildWorkOSVariables(name => Real(name) ?? document.GetValue(name), Real, document, ".env.local");
    }

    private static Dictionary<string, string> Vars(params (string Name, string Value)[] values) => values.ToDictionary(v => v.Name, v => v.Value);

    [Fact]
    public void A_deployment_without_WorkOS_needs_provisioning_and_nothing_else()
    {
        var plan = CredentialPlanner.Plan(Deployment, Vars(), Build(), deploymentFirst: false);

        Assert.True(plan.NeedsProvisioning);
        Assert.Null(plan.Credentials);
        Assert.Null(plan.Update);
        Assert.True(plan.DeploymentIncomplete);
        Assert.Empty(plan.Notes);
    }

    [Fact]
    public void A_complete_deployment_is_used_as_it_is()
    {
        var plan = CredentialPlanner.Plan(Deployment,
            Vars(("WORKOS_CLIENT_ID", ClientId), ("WORKOS_ENVIRONMENT_ID", EnvironmentId), ("WORKOS_API_KEY", ApiKey)), Build(), deploymentFirst: false);

        Assert.False(plan.NeedsProvisioning);
        Assert.Null(plan.Update);
        Assert.False(plan.DeploymentIncomplete);
        Assert.Equal(ClientId, plan.Credentials!.ClientId);
        Assert.Equal(EnvironmentId, plan.Credentials.EnvironmentId);
        Assert.Equal(ApiKey, plan.Credentials.ApiKey.Reveal);
    }

    [Fact]
    public void For_dev_the_builds_client_id_wins_and_what_the_deployment_lacks_is_copied_in_the_CLIs_order()
    {
        // The deployment has only the API key; the build brings the client id and the environment id.
        var plan = CredentialPlanner.Plan(Deployment, Vars(("WORKOS_API_KEY", ApiKey)),
            Build(("WORKOS_CLIENT_ID", ClientId), ("WORKOS_ENVIRONMENT_ID", EnvironmentId)), deploymentFirst: false);

        Assert.False(plan.NeedsProvisioning);
        Assert.Equal(new[] { "WORKOS_CLIENT_ID", "WORKOS_ENVIRONMENT_ID" }, plan.Update!.Names);
        Assert.Equal($"set WORKOS_CLIENT_ID, WORKOS_ENVIRONMENT_ID on {Deployment}", plan.Update.Action);
        // A read-only run over this deployment is one Verify fails: it lacks the client id.
        Assert.True(plan.DeploymentIncomplete);
    }

    [Fact]
    public void The_API_key_never_comes_from_the_build_so_a_build_key_alone_still_provisions()
    {
        var plan = CredentialPlanner.Plan(Deployment, Vars(), Build(("WORKOS_CLIENT_ID", ClientId), ("WORKOS_API_KEY", OtherApiKey)), deploymentFirst: false);

        Assert.True(plan.NeedsProvisioning);
    }

    [Fact]
    public void A_build_value_that_differs_from_the_deployments_is_CAK0201_without_showing_the_key()
    {
        var vars = Vars(("WORKOS_CLIENT_ID", ClientId), ("WORKOS_API_KEY", ApiKey));

        var clientId = Assert.Throws<ConvexAuthKitException>(() => CredentialPlanner.Plan(Deployment, vars, Build(("WORKOS_CLIENT_ID", OtherClientId)), false));
        var apiKey = Assert.Throws<ConvexAuthKitException>(() => CredentialPlanner.Plan(Deployment, vars, Build(("WORKOS_API_KEY", OtherApiKey)), false));

        Assert.Equal(DiagnosticCodes.DeploymentVariableMismatch, clientId.Code);
        Assert.Contains(OtherClientId, clientId.Message);
        Assert.Equal(DiagnosticCodes.DeploymentVariableMismatch, apiKey.Code);
        Assert.DoesNotContain(OtherApiKey, apiKey.Message);
        Assert.DoesNotContain(ApiKey, apiKey.Message);
    }

    [Fact]
    public void For_production_and_preview_the_deployments_values_come_first()
    {
        // The deployment has a client id and a key; the build's other client id is still a mismatch, but the
        // credentials are the deployment's, and a build client id fills in only what the deployment lacks.
        var plan = CredentialPlanner.Plan(Deployment, Vars(("WORKOS_API_KEY", ApiKey)), Build(("WORKOS_CLIENT_ID", ClientId)), deploymentFirst: true);
        Assert.Equal(ClientId, plan.Credentials!.ClientId);
        Assert.Equal(new[] { "WORKOS_CLIENT_ID" }, plan.Update!.Names);

        Assert.Throws<ConvexAuthKitException>(() => CredentialPlanner.Plan(Deployment,
            Vars(("WORKOS_CLIENT_ID", ClientId), ("WORKOS_API_KEY", ApiKey)), Build(("WORKOS_CLIENT_ID", OtherClientId)), deploymentFirst: true));
    }

    [Fact]
    public void A_deployment_with_some_of_the_variables_is_CAK0202_naming_what_is_missing()
    {
        var e = Assert.Throws<ConvexAuthKitException>(() => CredentialPlanner.Plan(Deployment, Vars(("WORKOS_CLIENT_ID", ClientId)), Build(), false));

        Assert.Equal(DiagnosticCodes.PartialDeploymentVariables, e.Code);
        Assert.Contains("has WORKOS_CLIENT_ID but not WORKOS_ENVIRONMENT_ID and WORKOS_API_KEY", e.Message);
    }

    [Fact]
    public void Placeholders_count_as_missing_and_are_noted_never_shown()
    {
        var plan = CredentialPlanner.Plan(Deployment, Vars(("WORKOS_CLIENT_ID", "your-client-id")),
            Build(new[] { ("WORKOS_API_KEY", "sk_test_placeholder") }, envLocal: "WORKOS_CLIENT_ID=client_xxx\n"), deploymentFirst: false);

        Assert.True(plan.NeedsProvisioning);
        var warning = Assert.Single(plan.Notes, n => n.WarningCode != null);
        Assert.Equal(DiagnosticCodes.WorkOSPlaceholderInEnvironment, warning.WarningCode);
        Assert.Contains(plan.Notes, n => n.WarningCode == null && n.Text.Contains("WORKOS_CLIENT_ID in .env.local"));
        Assert.Contains(plan.Notes, n => n.Text.Contains($"WORKOS_CLIENT_ID on deployment {Deployment}"));
        Assert.All(plan.Notes, n => Assert.DoesNotContain("sk_test_placeholder", n.Text));
        Assert.All(plan.Notes, n => Assert.DoesNotContain("your-client-id", n.Text));
    }

    [Fact]
    public void The_legacy_key_is_read_as_the_key_and_copied_to_its_current_name()
    {
        var plan = CredentialPlanner.Plan(Deployment,
            Vars(("WORKOS_CLIENT_ID", ClientId), ("WORKOS_ENVIRONMENT_ID", EnvironmentId), ("WORKOS_ENVIRONMENT_API_KEY", ApiKey)), Build(), false);

        Assert.Equal(ApiKey, plan.Credentials!.ApiKey.Reveal);
        Assert.Equal(new[] { "WORKOS_API_KEY" }, plan.Update!.Names);
        Assert.Equal($"copied WORKOS_ENVIRONMENT_API_KEY to WORKOS_API_KEY on {Deployment}", plan.Update.Action);
    }

    [Fact]
    public void After_provisioning_all_three_are_set_in_the_CLIs_order_and_a_build_value_of_another_environment_is_CAK0201()
    {
        var environment = new WorkOSEnvironment(EnvironmentId, ClientId, new Secret(ApiKey), newlyProvisioned: true);

        var update = CredentialPlanner.AfterProvisioning(Deployment, environment);

        Assert.Equal(new[] { "WORKOS_CLIENT_ID", "WORKOS_ENVIRONMENT_ID", "WORKOS_API_KEY" }, update.Names);
        Assert.StartsWith("provisioned WorkOS environment " + EnvironmentId, update.Action);
        var provisioned = new WorkOSCredentials(ClientId, EnvironmentId, new Secret(ApiKey));
        Assert.False(CredentialPlanner.BuildUsesAnotherEnvironment(Build(("WORKOS_CLIENT_ID", ClientId)), provisioned));
        var build = Build(("WORKOS_CLIENT_ID", OtherClientId));
        Assert.True(CredentialPlanner.BuildUsesAnotherEnvironment(build, provisioned));
        var e = Assert.Throws<ConvexAuthKitException>(() => CredentialPlanner.ThrowIfBuildUsesAnotherEnvironment(Deployment, build, provisioned));
        Assert.Equal(DiagnosticCodes.DeploymentVariableMismatch, e.Code);
    }

    [Fact]
    public void The_keys_seen_are_every_key_like_value_including_placeholders()
    {
        var seen = CredentialPlanner.KeysSeen(Vars(("WORKOS_API_KEY", "typo"), ("WORKOS_ENVIRONMENT_API_KEY", ApiKey)), Build(("WORKOS_API_KEY", OtherApiKey))).ToList();

        Assert.Equal(new[] { "typo", ApiKey, OtherApiKey }, seen);
    }
}
