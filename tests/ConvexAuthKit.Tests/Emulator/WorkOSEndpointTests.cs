using System.Net;
using ConvexAuthKit.Emulator;

namespace ConvexAuthKit.Tests.Emulator;

public class WorkOSEndpointTests
{
    private const string RedirectUris = "/user_management/redirect_uris";
    private const string CorsOrigins = "/user_management/cors_origins";
    private const string Homepage = "/user_management/app_homepage_url";

    [Fact]
    public async Task Creating_a_redirect_uri_is_201_with_the_workos_object()
    {
        await using var emulator = await ConvexEmulator.StartAsync();
        var apiKey = await emulator.WorkOSApiKey();

        var reply = await Http.Post(emulator.WorkOS(RedirectUris), new { uri = "http://localhost:5173/callback" }, Http.Bearer(apiKey));

        Assert.Equal(HttpStatusCode.Created, reply.Status);
        Assert.Equal("redirect_uri", (string?)reply.Json!["object"]);
        Assert.StartsWith("redirect_uri_", (string?)reply.Json["id"]);
        Assert.Equal("http://localhost:5173/callback", (string?)reply.Json["uri"]);
        Assert.True((bool)reply.Json["default"]!);
        Assert.NotNull(reply.Json["created_at"]);
        Assert.NotNull(reply.Json["updated_at"]);
        Assert.Equal(["http://localhost:5173/callback"], emulator.State.WorkOSEnvironmentFor(Calls.Dev)!.RedirectUris);
    }

    [Fact]
    public async Task Duplicate_redirect_uri_is_422_saying_already_exists()
    {
        await using var emulator = await ConvexEmulator.StartAsync();
        var apiKey = await emulator.WorkOSApiKey();
        await Http.Post(emulator.WorkOS(RedirectUris), new { uri = "http://localhost:5173/callback" }, Http.Bearer(apiKey));

        var reply = await Http.Post(emulator.WorkOS(RedirectUris), new { uri = "http://localhost:5173/callback" }, Http.Bearer(apiKey));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, reply.Status);
        Assert.Contains("already exists", reply.Text);
        Assert.Single(emulator.State.WorkOSEnvironmentFor(Calls.Dev)!.RedirectUris);
    }

    [Fact]
    public async Task Redirect_uri_without_uri_is_422()
    {
        await using var emulator = await ConvexEmulator.StartAsync();
        var apiKey = await emulator.WorkOSApiKey();

        var reply = await Http.Post(emulator.WorkOS(RedirectUris), new { }, Http.Bearer(apiKey));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, reply.Status);
        Assert.Equal("invalid_request_parameters", reply.Code);
    }

    [Fact]
    public async Task Creating_a_cors_origin_is_201()
    {
        await using var emulator = await ConvexEmulator.StartAsync();
        var apiKey = await emulator.WorkOSApiKey();

        var reply = await Http.Post(emulator.WorkOS(CorsOrigins), new { origin = "http://localhost:5173" }, Http.Bearer(apiKey));

        Assert.Equal(HttpStatusCode.Created, reply.Status);
        Assert.Equal("http://localhost:5173", (string?)reply.Json!["origin"]);
        Assert.Equal(["http://localhost:5173"], emulator.State.WorkOSEnvironmentFor(Calls.Dev)!.CorsOrigins);
    }

    [Fact]
    public async Task Duplicate_cors_origin_is_409_duplicate_cors_origin()
    {
        await using var emulator = await ConvexEmulator.StartAsync();
        var apiKey = await emulator.WorkOSApiKey();
        await Http.Post(emulator.WorkOS(CorsOrigins), new { origin = "http://localhost:5173" }, Http.Bearer(apiKey));

        var reply = await Http.Post(emulator.WorkOS(CorsOrigins), new { origin = "http://localhost:5173" }, Http.Bearer(apiKey));

        Assert.Equal(HttpStatusCode.Conflict, reply.Status);
        Assert.Equal("duplicate_cors_origin", reply.Code);
        Assert.Contains("already exists", reply.Message);
    }

    [Fact]
    public async Task Cors_origin_with_a_path_is_422()
    {
        await using var emulator = await ConvexEmulator.StartAsync();
        var apiKey = await emulator.WorkOSApiKey();

        var reply = await Http.Post(emulator.WorkOS(CorsOrigins), new { origin = "http://localhost:5173/callback" }, Http.Bearer(apiKey));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, reply.Status);
        Assert.Empty(emulator.State.WorkOSEnvironmentFor(Calls.Dev)!.CorsOrigins);
    }

    [Fact]
    public async Task Setting_an_https_app_homepage_url_is_200_and_stored()
    {
        await using var emulator = await ConvexEmulator.StartAsync();
        var apiKey = await emulator.WorkOSApiKey();

        var reply = await Http.Put(emulator.WorkOS(Homepage), new { url = "https://app.example.com" }, Http.Bearer(apiKey));

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("https://app.example.com", emulator.State.WorkOSEnvironmentFor(Calls.Dev)!.AppHomepageUrl);
    }

    [Theory]
    [InlineData("http://localhost:5173")]
    [InlineData("https://localhost:5173")]
    [InlineData("https://127.0.0.1:3000")]
    [InlineData("http://app.example.com")]
    public async Task Local_or_plain_http_app_homepage_url_is_422_and_not_stored(string url)
    {
        await using var emulator = await ConvexEmulator.StartAsync();
        var apiKey = await emulator.WorkOSApiKey();

        var reply = await Http.Put(emulator.WorkOS(Homepage), new { url }, Http.Bearer(apiKey));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, reply.Status);
        Assert.Null(emulator.State.WorkOSEnvironmentFor(Calls.Dev)!.AppHomepageUrl);
    }

    [Fact]
    public async Task Unknown_api_key_is_401_unauthorized()
    {
        await using var emulator = await ConvexEmulator.StartAsync();

        var reply = await Http.Post(emulator.WorkOS(RedirectUris), new { uri = "http://localhost:5173/callback" }, Http.Bearer("sk_test_unknown"));

        Assert.Equal(HttpStatusCode.Unauthorized, reply.Status);
        Assert.Equal("unauthorized", reply.Code);
    }

    [Fact]
    public async Task Registrations_go_to_the_environment_of_the_api_key_used()
    {
        var options = EmulatorOptions.Default();
        options.Deployments.Add(new EmulatedDeployment { Name = "other-dev-111", DeploymentType = "dev", ProjectId = 201 });
        await using var emulator = await ConvexEmulator.StartAsync(options);
        var otherKey = await emulator.WorkOSApiKey("other-dev-111");
        await emulator.WorkOSApiKey(Calls.Dev);

        await Http.Post(emulator.WorkOS(CorsOrigins), new { origin = "http://localhost:3000" }, Http.Bearer(otherKey));

        Assert.Single(emulator.State.WorkOSEnvironmentFor("other-dev-111")!.CorsOrigins);
        Assert.Empty(emulator.State.WorkOSEnvironmentFor(Calls.Dev)!.CorsOrigins);
    }
}
