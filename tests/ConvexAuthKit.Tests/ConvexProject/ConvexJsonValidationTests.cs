using ConvexAuthKit.ConvexProject;
using ConvexAuthKit.Diagnostics;

namespace ConvexAuthKit.Tests.ConvexProject;

/// <summary>convex.json's authKit section is validated as the CLI's schema does, each error a code at a line of convex.json.</summary>
public sealed class ConvexJsonValidationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cak-convexjson-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private ConvexAuthKitException LoadFails(string json)
    {
        File.WriteAllText(Path.Combine(_dir, "convex.json"), json);
        return Assert.Throws<ConvexAuthKitException>(() => ConvexJson.Load(_dir));
    }

    private ConvexJson Load(string json)
    {
        File.WriteAllText(Path.Combine(_dir, "convex.json"), json);
        return ConvexJson.Load(_dir);
    }

    [Fact]
    public void Bad_json_is_CAK0008_at_the_line_of_the_error()
    {
        var e = LoadFails("{\n  \"authKit\": {\n    \"dev\": {},,\n  }\n}\n");

        Assert.Equal("CAK0008", e.Code);
        Assert.Equal(3, e.Line);
        Assert.EndsWith("convex.json", e.File);
    }

    [Fact]
    public void EnvironmentType_under_dev_is_CAK0008_at_its_line()
    {
        var e = LoadFails("{\n  \"authKit\": {\n    \"dev\": {\n      \"environmentType\": \"development\"\n    }\n  }\n}\n");

        Assert.Equal("CAK0008", e.Code);
        Assert.Equal(4, e.Line);
        Assert.Contains("authKit.dev.environmentType", e.Message);
        Assert.Contains("prod", e.Message);
    }

    [Fact]
    public void EnvironmentType_under_prod_is_accepted()
    {
        var convexJson = Load("""{ "authKit": { "prod": { "environmentType": "production" } } }""");

        Assert.Equal("production", convexJson.AuthKit!.Prod!.EnvironmentType);
    }

    [Fact]
    public void EnvironmentType_outside_the_three_values_is_CAK0008()
    {
        Assert.Equal("CAK0008", LoadFails("""{ "authKit": { "prod": { "environmentType": "live" } } }""").Code);
    }

    [Theory]
    [InlineData("preview")]
    [InlineData("prod")]
    public void LocalEnvVars_outside_dev_is_CAK0008_at_its_line(string section)
    {
        var e = LoadFails($"{{\n  \"authKit\": {{\n    \"{section}\": {{\n      \"configure\": false,\n      \"localEnvVars\": {{ \"X\": \"y\" }}\n    }}\n  }}\n}}\n");

        Assert.Equal("CAK0008", e.Code);
        Assert.Equal(5, e.Line);
        Assert.Contains($"authKit.{section}.localEnvVars", e.Message);
    }

    [Fact]
    public void LocalEnvVars_false_outside_dev_is_accepted()
    {
        Assert.Null(Load("""{ "authKit": { "prod": { "localEnvVars": false } } }""").AuthKit!.Prod!.LocalEnvVars);
    }

    [Theory]
    [InlineData("""{ "authKit": "yes" }""", "authKit")]
    [InlineData("""{ "authKit": null }""", "authKit")]
    [InlineData("""{ "authKit": { "dev": [] } }""", "authKit.dev")]
    [InlineData("""{ "authKit": { "dev": { "configure": true } } }""", "authKit.dev.configure")]
    [InlineData("""{ "authKit": { "dev": { "configure": { "redirectUris": "http://localhost:5173/callback" } } } }""", "authKit.dev.configure.redirectUris")]
    [InlineData("""{ "authKit": { "dev": { "configure": { "corsOrigins": [5173] } } } }""", "authKit.dev.configure.corsOrigins[0]")]
    [InlineData("""{ "authKit": { "dev": { "configure": { "appHomepageUrl": 1 } } } }""", "authKit.dev.configure.appHomepageUrl")]
    [InlineData("""{ "authKit": { "dev": { "localEnvVars": ["X"] } } }""", "authKit.dev.localEnvVars")]
    [InlineData("""{ "authKit": { "dev": { "localEnvVars": { "X": true } } } }""", "authKit.dev.localEnvVars.X")]
    [InlineData("""{ "authKit": { "dev": { "localEnvVars": { "NOT A NAME": "x" } } } }""", "authKit.dev.localEnvVars.NOT A NAME")]
    [InlineData("""{ "functions": 3 }""", "functions")]
    public void Wrong_type_is_CAK0008_naming_the_path(string json, string path)
    {
        var e = LoadFails(json);

        Assert.Equal("CAK0008", e.Code);
        Assert.Contains(path, e.Message);
        Assert.Equal(1, e.Line);
    }

    [Fact]
    public void Unknown_template_is_CAK0010_at_its_line()
    {
        var e = LoadFails("{\n  \"authKit\": {\n    \"dev\": {\n      \"localEnvVars\": {\n        \"A\": \"x\",\n        \"B\": \"${authEnv.WORKOS_COOKIE_PASSWORD}\"\n      }\n    }\n  }\n}\n");

        Assert.Equal("CAK0010", e.Code);
        Assert.Equal(6, e.Line);
        Assert.Contains("${authEnv.WORKOS_COOKIE_PASSWORD}", e.Message);
    }

    [Fact]
    public void Unknown_template_in_a_prod_redirect_uri_is_caught_too()
    {
        var e = LoadFails("{\n  \"authKit\": {\n    \"prod\": {\n      \"configure\": {\n        \"redirectUris\": [\n          \"https://a.example/callback\",\n          \"https://${env.HOST}/callback\"\n        ]\n      }\n    }\n  }\n}\n");

        Assert.Equal("CAK0010", e.Code);
        Assert.Equal(7, e.Line);
    }

    [Fact]
    public void Unknown_keys_are_ignored_as_the_cli_ignores_them()
    {
        var convexJson = Load("""{ "authKit": { "dev": { "somethingNew": 1, "configure": false } }, "node": { "externalPackages": ["*"] } }""");

        Assert.Null(convexJson.AuthKit!.Dev!.Configure);
    }

    [Fact]
    public void LocalEnvVars_keep_their_file_order()
    {
        var convexJson = Load("""{ "authKit": { "dev": { "localEnvVars": { "B": "1", "A": "2", "C": "3" } } } }""");

        Assert.Equal(new[] { "B", "A", "C" }, convexJson.AuthKit!.Dev!.LocalEnvVars!.Select(v => v.Name));
    }

    [Fact]
    public void Authkit_without_dev_has_no_dev_section()
    {
        var convexJson = Load("""{ "authKit": { "prod": { "configure": false } } }""");

        Assert.True(convexJson.HasAuthKit);
        Assert.Null(convexJson.AuthKit!.Dev);
    }
}
