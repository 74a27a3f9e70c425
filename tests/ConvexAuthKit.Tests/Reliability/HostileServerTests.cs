using System.Text.Json;
using ConvexAuthKit.Emulator;
using ConvexAuthKit.Provisioning;
using ConvexAuthKit.Tests.Provisioning;

namespace ConvexAuthKit.Tests.Reliability;

/// <summary>
/// What a hostile or broken server can make us do: follow it elsewhere, read without end, print what it likes,
/// or hand us values we then send on. Each ends in one coded error before anything it could abuse.
/// </summary>
public sealed class HostileServerTests
{
    private const string Dep = FlowWorld.Deployment;
    private const string ClientId = "client_01HZY3J5B7G5Q7V9X2M4N6P8R0";
    private const string EnvironmentId = "environment_01HZY3J5B7G5Q7V9X2M4N6P8R1";
    private const string ApiKey = "sk_test_a1B2c3D4e5F6g7H8i9J0k1L2m3N4";

    // ---- redirects ----

    [Theory]
    [InlineData(302)]
    [InlineData(307)]
    [InlineData(308)]
    public async Task Redirect_of_the_secret_bearing_variable_update_is_CAK0306_and_nothing_reaches_the_other_origin(int status)
    {
        await using var w = await FlowWorld.CreateAsync();
        using var elsewhere = new RecordingListener();
        w.WithViteApp();
        w.Emulator.Faults.Add(new FaultRule { Service = "deployment", Path = Reliably.UpdateVariables, Status = status, Body = "", Headers = { ["Location"] = elsewhere.Origin + "/steal" } });

        Assert.Equal(RunStatus.Failed, await w.RunBoundedAsync(w.ShortTimeouts()));

        var error = Assert.Single(w.Reporter.Errors);
        Assert.Equal("CAK0306", error.Code);
        Assert.Contains(new Uri(elsewhere.Origin).Authority, error.Text);
        Assert.Contains(new Uri(w.Emulator.DeploymentUrl(Dep)).Authority, error.Text);
        Assert.Equal(1, w.Count(Reliably.UpdateVariables));
        Assert.Equal(0, elsewhere.Connections);
        Assert.Equal("", elsewhere.Received);
        Assert.Equal(FlowWorld.ViteEnvLocal, w.ReadEnvLocal());
    }

    [Fact]
    public async Task Redirect_from_WorkOS_never_resends_the_api_key_elsewhere()
    {
        await using var w = await FlowWorld.CreateAsync();
        using var elsewhere = new RecordingListener();
        w.WithViteApp();
        w.Emulator.Faults.Add(new FaultRule { Service = "workos", Path = Reliably.RedirectUris, Status = 308, Body = "", Headers = { ["Location"] = elsewhere.Origin + Reliably.RedirectUris } });

        Assert.Equal(RunStatus.Failed, await w.RunBoundedAsync(w.ShortTimeouts()));

        Assert.Equal("CAK0306", Assert.Single(w.Reporter.Errors).Code);
        Assert.Equal(0, elsewhere.Connections);
    }

    [Fact]
    public async Task Redirect_of_the_authorization_is_not_retried_and_names_a_relative_target_as_the_same_host()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        w.Emulator.Faults.Add(new FaultRule { Service = "bigbrain", Path = Reliably.Authorize, Status = 301, Body = "", Headers = { ["Location"] = "/elsewhere" } });

        Assert.Equal(RunStatus.Failed, await w.RunBoundedAsync(w.ShortTimeouts(maxAttempts: 4)));

        var error = Assert.Single(w.Reporter.Errors);
        Assert.Equal("CAK0306", error.Code);
        Assert.Contains("another path on " + new Uri(w.Emulator.ProvisionHost).Authority, error.Text);
        Assert.Equal(1, w.Count(Reliably.Authorize));
        Assert.Single(w.Emulator.Requests);
    }

    // ---- body cap ----

    [Fact]
    public async Task Endless_chunked_answer_is_CAK0307_instead_of_filling_memory()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        w.Emulator.Faults.Add(new FaultRule { Service = "deployment", Path = Reliably.ListVariables, Kind = FaultKind.Flood });
        // A long request timeout: the cap, not the timeout, must end the read.
        var options = w.ShortTimeouts();
        options.Http.RequestTimeout = TimeSpan.FromMinutes(2);

        Assert.Equal(RunStatus.Failed, await w.RunBoundedAsync(options));

        var error = Assert.Single(w.Reporter.Errors);
        Assert.Equal("CAK0307", error.Code);
        Assert.Equal(1, w.Count(Reliably.ListVariables));
        Assert.Equal(FlowWorld.ViteEnvLocal, w.ReadEnvLocal());
    }

    [Fact]
    public async Task Answer_just_over_the_cap_is_CAK0307_and_just_under_is_read()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        var cap = 1024 * 1024;
        var rule = w.Emulator.Faults.Add(new FaultRule { Service = "deployment", Path = Reliably.ListVariables, Kind = FaultKind.Flood, BodyBytes = cap + 1 });

        Assert.Equal(RunStatus.Failed, await w.RunBoundedAsync(w.ShortTimeouts()));
        Assert.Equal("CAK0307", Assert.Single(w.Reporter.Errors).Code);

        // Exactly the cap is read (and is then not JSON, as the flood never closes its string).
        w.Emulator.Faults.Remove(rule);
        w.Emulator.Faults.Add(new FaultRule { Service = "deployment", Path = Reliably.ListVariables, Kind = FaultKind.Flood, BodyBytes = cap });
        Assert.Equal(RunStatus.Failed, await w.RunBoundedAsync(w.ShortTimeouts()));
        Assert.Equal("CAK0300", Assert.Single(w.Reporter.Errors).Code);
    }

    [Fact]
    public async Task Declared_length_of_gigabytes_is_CAK0307_before_reading()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        w.Emulator.Faults.Add(new FaultRule { Service = "bigbrain", Path = Reliably.Authorize, Kind = FaultKind.Flood, DeclaredLength = 5L * 1024 * 1024 * 1024 });
        var options = w.ShortTimeouts();
        options.Http.RequestTimeout = TimeSpan.FromMinutes(2);

        Assert.Equal(RunStatus.Failed, await w.RunBoundedAsync(options));

        Assert.Equal("CAK0307", Assert.Single(w.Reporter.Errors).Code);
    }

    [Fact]
    public async Task Declared_length_shorter_than_what_the_server_sends_reads_only_the_declared_bytes()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        // Promises 40 bytes, then the flood would go on: only the promise is read (and is cut-off JSON).
        w.Emulator.Faults.Add(new FaultRule { Service = "deployment", Path = Reliably.ListVariables, Kind = FaultKind.Flood, DeclaredLength = 40 });
        var options = w.ShortTimeouts();
        options.Http.RequestTimeout = TimeSpan.FromMinutes(2);

        Assert.Equal(RunStatus.Failed, await w.RunBoundedAsync(options));

        Assert.Equal("CAK0300", Assert.Single(w.Reporter.Errors).Code);
    }

    // ---- text from a server in a diagnostic ----

    public static TheoryData<string, string> HostileErrorBodies() => new()
    {
        { "deployment", Reliably.ListVariables },
        { "workos", Reliably.RedirectUris },
    };

    [Theory]
    [MemberData(nameof(HostileErrorBodies))]
    public async Task Server_error_text_is_one_short_clean_line(string service, string path)
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        var message = "\u001b[2J\r\nerror CAK0000: injected by the server\r\n\u202Egnp.exe\u202C \u009b31m" + new string('A', 1_000_000);
        var body = JsonSerializer.Serialize(new { code = "\u001b[2J", message });
        w.Emulator.Faults.Add(new FaultRule { Service = service, Path = path, Status = 400, Body = body });

        Assert.Equal(RunStatus.Failed, await w.RunBoundedAsync(w.ShortTimeouts()));

        var error = Assert.Single(w.Reporter.Errors);
        Assert.True(error.Text.Length < 1000, $"{error.Text.Length} characters");
        Assert.Contains("injected by the server", error.Text);
        Assert.Contains("\u2026", error.Text);
        Assert.DoesNotMatch(@"[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]", error.Text);
        Assert.DoesNotContain("[2J", error.Text);
    }

    [Fact]
    public async Task Access_token_echoed_across_the_length_limit_leaves_no_part_of_it_in_the_message()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        var token = w.Emulator.AccessToken;
        w.Emulator.Faults.Add(new FaultRule { Service = "deployment", Path = Reliably.ListVariables, Status = 400, Body = JsonSerializer.Serialize(new { message = new string('x', 185) + " " + token }) });

        Assert.Equal(RunStatus.Failed, await w.RunBoundedAsync(w.ShortTimeouts()));

        var error = Assert.Single(w.Reporter.Errors);
        Assert.Equal("CAK0300", error.Code);
        Assert.DoesNotContain(token[..8], error.Text);
    }

    [Fact]
    public async Task Error_code_of_the_wrong_shape_is_not_used_or_shown()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        var body = JsonSerializer.Serialize(new { code = new string('C', 100_000), message = "short message" });
        w.Emulator.Faults.Add(new FaultRule { Service = "deployment", Path = Reliably.ListVariables, Status = 400, Body = body });

        Assert.Equal(RunStatus.Failed, await w.RunBoundedAsync(w.ShortTimeouts()));

        var error = Assert.Single(w.Reporter.Errors);
        Assert.Equal("CAK0300", error.Code);
        Assert.Contains("(short message)", error.Text);
        Assert.DoesNotContain("CCCCCCCCCC", error.Text);
    }

    // ---- values from a server, checked before use ----

    public static TheoryData<string, string> BadAuthorizations()
    {
        var key = $"dev:{Dep}|0123456789abcdef";
        string Answer(string name, string adminKey, string url, string type = "dev") =>
            JsonSerializer.Serialize(new { deploymentName = name, adminKey, url, deploymentType = type });
        return new()
        {
            { Answer(Dep, key, "https://evil.example/api"), "CAK0308" },
            { Answer(Dep, key, "https://evil.example?x=1"), "CAK0308" },
            { Answer(Dep, key, "https://user:pw@evil.example"), "CAK0308" },
            { Answer(Dep, key, "https://evil.example\r\nX-Evil: 1"), "CAK0308" },
            { Answer(Dep, key, "https://evil.example\u001b[2J"), "CAK0308" },
            { Answer(Dep, key, "not a url"), "CAK0308" },
            { Answer(Dep, key, "http://evil.example"), "CAK0107" },
            { Answer("other-deployment-999", key, "https://other-deployment-999.convex.cloud"), "CAK0308" },
            { Answer(Dep, "", "https://happy-animal-123.convex.cloud"), "CAK0308" },
            { Answer(Dep, key + "\r\nX-Evil: 1", "https://happy-animal-123.convex.cloud"), "CAK0308" },
            { Answer(Dep, "no-bar-key", "https://happy-animal-123.convex.cloud"), "CAK0308" },
            { Answer(Dep, key, "https://happy-animal-123.convex.cloud", "dev\nerror CAK0000: x"), "CAK0308" },
        };
    }

    [Theory]
    [MemberData(nameof(BadAuthorizations))]
    public async Task Authorization_answer_of_the_wrong_shape_is_refused_before_the_deployment_is_contacted(string answer, string code)
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        w.Emulator.Faults.Add(new FaultRule { Service = "bigbrain", Path = Reliably.Authorize, Status = 200, Body = answer });

        Assert.Equal(RunStatus.Failed, await w.RunBoundedAsync(w.ShortTimeouts()));

        var error = Assert.Single(w.Reporter.Errors);
        Assert.Equal(code, error.Code);
        Assert.DoesNotMatch(@"[\u0000-\u001f]", error.Text);
        Assert.DoesNotContain("0123456789abcdef", error.Text);
        Assert.All(w.Emulator.Requests, r => Assert.Equal("bigbrain", r.Service));
        Assert.Equal(FlowWorld.ViteEnvLocal, w.ReadEnvLocal());
    }

    [Theory]
    [InlineData("\"https://evil.example/api\"")]
    [InlineData("\"https://evil.example\\r\\nX-Evil: 1\"")]
    [InlineData("\"https://user@evil.example\"")]
    public async Task Url_for_a_deploy_key_of_the_wrong_shape_is_CAK0308(string answer)
    {
        await using var w = await FlowWorld.CreateAsync();
        var deployKey = w.Emulator.IssuedSecrets().First(s => s.StartsWith($"dev:{Dep}|", StringComparison.Ordinal));
        w.WithViteApp().Env("CONVEX_OVERRIDE_ACCESS_TOKEN", null).Env("CONVEX_DEPLOY_KEY", deployKey);
        w.Emulator.Faults.Add(new FaultRule { Service = "bigbrain", Path = "/api/deployment/url_for_key", Status = 200, Body = answer });

        Assert.Equal(RunStatus.Failed, await w.RunBoundedAsync(w.ShortTimeouts()));

        Assert.Equal("CAK0308", Assert.Single(w.Reporter.Errors).Code);
        Assert.All(w.Emulator.Requests, r => Assert.Equal("bigbrain", r.Service));
    }

    public static TheoryData<string> BadProvisionedCredentials()
    {
        static string Answer(object? clientId, object? environmentId, object? apiKey) =>
            JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["environmentId"] = environmentId, ["environmentName"] = "dev", ["clientId"] = clientId, ["apiKey"] = apiKey, ["newlyProvisioned"] = true,
            });
        return new()
        {
            Answer(ClientId, EnvironmentId, ""),
            Answer(ClientId, EnvironmentId, null),
            Answer(ClientId, EnvironmentId, "sk_test_your_api_key_here"),
            Answer(ClientId, EnvironmentId, "sk_test_abc\r\nX-Evil: 1abcdefghijklmnop"),
            Answer(ClientId, EnvironmentId, 42),
            Answer("", EnvironmentId, ApiKey),
            Answer("client_your_client_id_here", EnvironmentId, ApiKey),
            Answer(ClientId + "\nerror CAK0000: x", EnvironmentId, ApiKey),
            Answer(null, EnvironmentId, ApiKey),
            Answer(ClientId, "", ApiKey),
            Answer(ClientId, "environment_" + new string('Z', 26), ApiKey),
            Answer(ClientId, null, ApiKey),
        };
    }

    [Theory]
    [MemberData(nameof(BadProvisionedCredentials))]
    public async Task Empty_or_malformed_credentials_from_Convex_are_CAK0207_and_nothing_is_set_on_the_deployment(string answer)
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        w.Emulator.Faults.Add(new FaultRule { Service = "bigbrain", Path = Reliably.Provision, Status = 200, Body = answer });

        Assert.Equal(RunStatus.Failed, await w.RunBoundedAsync(w.ShortTimeouts()));

        var error = Assert.Single(w.Reporter.Errors);
        Assert.Equal("CAK0207", error.Code);
        Assert.DoesNotContain("your_api_key_here", error.Text);
        Assert.DoesNotMatch(@"[\u0000-\u001f]", error.Text);
        Assert.Equal(0, w.Count(Reliably.UpdateVariables));
        Assert.Empty(w.Emulator.State.DeploymentVariables(Dep));
        Assert.Equal(FlowWorld.ViteEnvLocal, w.ReadEnvLocal());
    }

    [Fact]
    public async Task Well_shaped_credentials_from_Convex_are_used()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        var answer = JsonSerializer.Serialize(new { environmentId = EnvironmentId, environmentName = "dev", clientId = ClientId, apiKey = ApiKey, newlyProvisioned = true });
        w.Emulator.Faults.Add(new FaultRule { Service = "bigbrain", Path = Reliably.Provision, Status = 200, Body = answer, Times = 1 });

        await w.RunBoundedAsync(w.ShortTimeouts());

        Assert.Equal(1, w.Count(Reliably.UpdateVariables));
        Assert.Equal(ClientId, w.Emulator.State.DeploymentVariables(Dep)["WORKOS_CLIENT_ID"]);
    }

    [Theory]
    [InlineData("sk_test_abcdefghijklmnopqrst\r\nX-Evil: 1")]
    [InlineData("sk_test_abcdefghijklmnopqrst\u0000")]
    [InlineData("sk_test_abcdefghij klmnopqrst")]
    public async Task Deployment_api_key_that_cannot_be_a_header_never_crashes_the_run_or_reaches_WorkOS(string key)
    {
        await using var w = await FlowWorld.CreateAsync();
        var existing = w.GiveDeploymentWorkOS(apiKey: false);
        w.Emulator.State.SetDeploymentVariable(Dep, "WORKOS_API_KEY", key);
        w.WithViteApp();

        var status = await w.RunBoundedAsync(w.ShortTimeouts());

        // Not shaped like a WorkOS key, so it is not a credential: the deployment counts as partly set up
        // (CAK0202) before anything is changed, and the key never reaches a header (CAK0309 is the transport's
        // own last line of defence for a key that passed the shape check).
        Assert.Equal(RunStatus.Failed, status);
        Assert.Equal("CAK0202", Assert.Single(w.Reporter.Errors).Code);
        Assert.DoesNotContain(w.Emulator.Requests, r => r.Service == "workos");
        Assert.NotNull(existing);
    }

    [Fact]
    public async Task Deployment_variable_names_no_deployment_can_hold_never_reach_a_message()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        var body = JsonSerializer.Serialize(new { environmentVariables = new Dictionary<string, string> { ["WORKOS_\nerror CAK0000: x"] = "v" } });
        w.Emulator.Faults.Add(new FaultRule { Service = "deployment", Path = Reliably.ListVariables, Status = 200, Body = body, Times = 1 });

        Assert.Equal(RunStatus.Succeeded, await w.RunBoundedAsync(w.ShortTimeouts()));

        Assert.DoesNotContain("CAK0000", w.Reporter.AllText);
    }
}
