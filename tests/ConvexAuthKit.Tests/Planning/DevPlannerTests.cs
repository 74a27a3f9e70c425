using ConvexAuthKit.Api;
using ConvexAuthKit.ConvexProject;
using ConvexAuthKit.Diagnostics;
using ConvexAuthKit.EnvFiles;
using ConvexAuthKit.Frameworks;
using ConvexAuthKit.Tests.Support;

namespace ConvexAuthKit.Tests.Planning;

/// <summary>
/// The dev planner on snapshots built by hand: what is written to .env.local and registered with WorkOS, and what
/// fails before the first request. No emulator and no request; the files only exist because the loaders read files.
/// </summary>
public sealed class DevPlannerTests : IDisposable
{
    private const string ClientId = "client_01JA4BGY6RK3NHY7NM0NWGPZBA";
    private const string EnvironmentId = "environment_01JA4BGY6RK3NHY7NM0NWGPZBA";
    private static readonly WorkOSCredentials Credentials = new(ClientId, EnvironmentId, new Secret("sk_test_onTheDeployment0123456789abcdefgh"));

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "cak-planner-" + Guid.NewGuid().ToString("N"));

    public DevPlannerTests()
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllText(Path.Combine(_dir, "package.json"), "{ \"dependencies\": { \"convex\": \"^1.48.0\", \"vite\": \"^7.0.0\" } }");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private ProjectSnapshot Seed(string[] dependencies, string devUrl = "http://localhost:5173", string envLocal = "") => new()
    {
        FrontendDir = _dir,
        Package = PackageJson.Load(_dir),
        Framework = FrameworkDetector.Detect(dependencies),
        DevUrl = devUrl,
        DevUrlSource = "test",
        EnvLocalPath = Path.Combine(_dir, ".env.local"),
        EnvLocal = EnvFileDocument.FromText(envLocal),
    };

    private ProjectSnapshot Config(string template, Func<string, string?>? environment = null)
    {
        File.Copy(Path.Combine(RepositoryPaths.Shared, "corpus", "templates", template, "convex.json"), Path.Combine(_dir, "convex.json"), overwrite: true);
        var convexJson = ConvexJson.Load(_dir);
        return Seed(new[] { "convex", "next" }, "http://localhost:3000") with
        {
            ConvexJson = convexJson,
            AuthKitDev = convexJson.AuthKit!.Dev,
            Environment = environment ?? (_ => null),
        };
    }

    [Fact]
    public void Seed_mode_for_Vite_writes_the_client_id_and_redirect_URI_and_registers_the_dev_URL()
    {
        var plan = DevPlanner.PlanLocal(Seed(new[] { "convex", "vite" }), Credentials);

        Assert.Equal(new[] { "VITE_WORKOS_CLIENT_ID", "VITE_WORKOS_REDIRECT_URI" }, plan.EnvWrites.Select(w => w.Name));
        Assert.Equal(ClientId, plan.EnvWrites[0].Value);
        Assert.Equal("http://localhost:5173/callback", plan.EnvWrites[1].Value);
        Assert.Equal(new[] { "http://localhost:5173/callback" }, plan.Registrations.RedirectUris);
        Assert.Equal(new[] { "http://localhost:5173" }, plan.Registrations.CorsOrigins);
        Assert.Null(plan.Registrations.AppHomepageUrl);
        Assert.Empty(plan.Notes);
    }

    [Fact]
    public void Seed_mode_for_an_unknown_framework_writes_nothing_and_says_so_but_still_registers()
    {
        var plan = DevPlanner.PlanLocal(Seed(new[] { "convex" }), Credentials);

        Assert.Empty(plan.EnvWrites);
        Assert.Equal(DiagnosticCodes.FrameworkNotWritten, Assert.Single(plan.Notes).WarningCode);
        Assert.Single(plan.Registrations.RedirectUris);
    }

    [Fact]
    public void Planning_changes_nothing_the_snapshot_holds()
    {
        var snapshot = Seed(new[] { "convex", "vite" }, envLocal: "CONVEX_DEPLOYMENT=dev:happy-animal-123\n");

        DevPlanner.PlanLocal(snapshot, Credentials);

        Assert.False(snapshot.EnvLocal!.IsModified);
        Assert.Equal("CONVEX_DEPLOYMENT=dev:happy-animal-123\n", snapshot.EnvLocal.Text);
    }

    [Fact]
    public void Config_mode_resolves_the_templates_localEnvVars_and_configure_with_the_credentials()
    {
        var plan = DevPlanner.PlanLocal(Config("nextjs-authkit"), Credentials);

        Assert.Contains(plan.EnvWrites, w => w.Name == "WORKOS_CLIENT_ID" && w.Value == ClientId);
        Assert.Contains(plan.EnvWrites, w => w.Name == "WORKOS_API_KEY" && w.IsSecret);
        Assert.Equal(new[] { "http://localhost:3000/callback" }, plan.Registrations.RedirectUris);
        Assert.Equal("http://localhost:3000", plan.Registrations.AppHomepageUrl);
    }

    [Fact]
    public void Before_any_request_a_redirect_URI_that_env_local_cannot_hold_fails()
    {
        var e = Assert.Throws<ConvexAuthKitException>(() => DevPlanner.CheckBeforeRequests(Seed(new[] { "convex", "vite" }, "http://localhost:5173\n#"), ".env.local"));

        Assert.Equal(DiagnosticCodes.EnvValueUnwritable, e.Code);
    }

    [Fact]
    public void Before_any_request_an_unset_buildEnv_value_in_dev_configure_fails()
    {
        File.WriteAllText(Path.Combine(_dir, "convex.json"), """
            { "authKit": { "dev": { "configure": { "redirectUris": ["https://${buildEnv.DEV_HOST}/callback"] } } } }
            """);
        var convexJson = ConvexJson.Load(_dir);
        var snapshot = Seed(new[] { "convex", "vite" }) with { ConvexJson = convexJson, AuthKitDev = convexJson.AuthKit!.Dev };

        var e = Assert.Throws<ConvexAuthKitException>(() => DevPlanner.CheckBeforeRequests(snapshot, ".env.local"));
        Assert.Equal(DiagnosticCodes.ConvexJsonTemplateUnresolved, e.Code);

        DevPlanner.CheckBeforeRequests(snapshot with { Environment = name => name == "DEV_HOST" ? "dev.example.test" : null }, ".env.local");
    }
}
