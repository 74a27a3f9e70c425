using System.Text.Json;
using System.Text.RegularExpressions;
using ConvexAuthKit.Emulator;
using ConvexAuthKit.PackageTests.Infrastructure;

namespace ConvexAuthKit.PackageTests.Provisioning;

/// <summary>
/// `dotnet build` of the three official Convex AuthKit templates (get-convex/templates, as published; see
/// SOURCES.json in the shared corpus) hosted by a .NET project, against the emulator. The template files are read
/// from the shared corpus and copied into the consumer's frontend folder at test time, never into the repository.
/// Each is built with the .env.local `npx convex dev` writes, and after the README's `cp .env.local.example
/// .env.local` followed by what `npx convex dev` adds: both end with real WorkOS values everywhere.
/// </summary>
[Collection(PackageCollection.Name)]
public sealed class OfficialTemplateBuildTests(PackageFeed feed) : IAsyncLifetime
{
    private const string Deployment = EmulatorOptions.DefaultDevDeployment;
    private ConvexEmulator _emulator = null!;

    public async Task InitializeAsync() => _emulator = await ConvexEmulator.StartAsync();
    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    public static TheoryData<string, bool> Cases()
    {
        var data = new TheoryData<string, bool>();
        foreach (var template in new[] { "nextjs-authkit", "tanstack-start-authkit", "react-vite-authkit" })
        {
            data.Add(template, false);
            data.Add(template, true);
        }
        return data;
    }

    private static string TemplateDir(string template) => Path.Combine(RepoPaths.Shared, "corpus", "templates", template);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Template_builds_to_real_values_and_a_second_build_is_a_no_op(string template, bool copiedExample)
    {
        var source = TemplateDir(template);
        Assert.True(File.Exists(Path.Combine(RepoPaths.Shared, "corpus", "templates", "SOURCES.json")), "the shared corpus is missing: " + source);
        var kind = template.StartsWith("nextjs", StringComparison.Ordinal) ? FrontendKind.NextJs
            : template.StartsWith("tanstack", StringComparison.Ordinal) ? FrontendKind.TanStackStart : FrontendKind.Vite;
        using var app = ConsumerProject.Create(feed, "tpl-" + template[..5] + (copiedExample ? "-cp" : ""))
            .WithFrontend(kind, authConfig: null).UsingEmulator(_emulator);
        CopyTemplate(source, app.FrontendDir);
        var example = File.ReadAllText(Path.Combine(source, ".env.local.example"));
        var urlName = kind == FrontendKind.NextJs ? "NEXT_PUBLIC_CONVEX_URL" : "VITE_CONVEX_URL";
        var siteUrlName = kind == FrontendKind.NextJs ? "NEXT_PUBLIC_CONVEX_SITE_URL" : "VITE_CONVEX_SITE_URL";
        File.WriteAllText(app.EnvLocalPath, ConvexDevWrites(copiedExample ? example : null, urlName, siteUrlName));

        var result = await app.BuildAsync();

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("MSB4018", result.Output);
        var env = _emulator.State.WorkOSEnvironmentFor(Deployment)!;
        var vars = _emulator.State.DeploymentVariables(Deployment);
        Assert.Equal(env.ClientId, vars["WORKOS_CLIENT_ID"]);
        Assert.Equal(env.EnvironmentId, vars["WORKOS_ENVIRONMENT_ID"]);
        Assert.Equal(env.ApiKey, vars["WORKOS_API_KEY"]);
        Assert.Matches("^client_[0-7][0-9A-HJKMNP-TV-Z]{25}$", vars["WORKOS_CLIENT_ID"]);
        Assert.Matches("^environment_[0-7][0-9A-HJKMNP-TV-Z]{25}$", vars["WORKOS_ENVIRONMENT_ID"]);
        Assert.Matches("^sk_test_[A-Za-z0-9]{20,}$", vars["WORKOS_API_KEY"]);
        Assert.DoesNotContain(env.ApiKey, result.Output);

        // .env.local: every localEnvVars value real, no placeholder of the example left, a fresh cookie password.
        var envLocal = ReadAssignments(app.ReadEnvLocal());
        var dev = JsonDocument.Parse(File.ReadAllText(Path.Combine(source, "convex.json"))).RootElement.GetProperty("authKit").GetProperty("dev");
        foreach (var local in dev.GetProperty("localEnvVars").EnumerateObject())
        {
            var expected = local.Value.GetString()!
                .Replace("${authEnv.WORKOS_CLIENT_ID}", env.ClientId)
                .Replace("${authEnv.WORKOS_API_KEY}", env.ApiKey)
                .Replace("${authEnv.WORKOS_ENVIRONMENT_ID}", env.EnvironmentId);
            Assert.Equal(expected, envLocal[local.Name]);
        }
        foreach (var (name, value) in ReadAssignments(example))
        {
            if (name.Contains("WORKOS_CLIENT_ID") || name.Contains("WORKOS_API_KEY") || name == "WORKOS_COOKIE_PASSWORD" || name.EndsWith("CONVEX_URL", StringComparison.Ordinal))
                Assert.DoesNotContain("=" + value + "\n", app.ReadEnvLocal());
        }
        if (kind != FrontendKind.Vite)
            Assert.Matches("^[A-Za-z0-9_-]{43}$", envLocal["WORKOS_COOKIE_PASSWORD"]);
        Assert.Equal($"https://{Deployment}.convex.cloud", envLocal[urlName]);
        if (copiedExample)
            Assert.Contains("replacing the placeholder value", result.Output);

        // WorkOS has what the template's configure asks for.
        var configure = dev.GetProperty("configure");
        Assert.Equal(configure.GetProperty("redirectUris").EnumerateArray().Select(e => e.GetString()), env.RedirectUris);
        Assert.Equal(configure.GetProperty("corsOrigins").EnumerateArray().Select(e => e.GetString()), env.CorsOrigins);

        // The second build is a no-op: no request, .env.local untouched.
        var bytes = File.ReadAllBytes(app.EnvLocalPath);
        _emulator.ClearRequests();
        var second = await app.BuildAsync();
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Empty(_emulator.Requests);
        Assert.Equal(bytes, File.ReadAllBytes(app.EnvLocalPath));
        Assert.Equal(1, _emulator.State.WorkOSEnvironmentsCreated);
    }

    private static void CopyTemplate(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }

    /// <summary>
    /// What `npx convex dev` leaves in .env.local after choosing a deployment: CONVEX_DEPLOYMENT with its comments,
    /// then the framework's URL and site URL; each variable it already finds is replaced on its line, each new one
    /// appended after a blank line.
    /// </summary>
    private static string ConvexDevWrites(string? existing, string urlName, string siteUrlName)
    {
        var text = existing ?? "";
        text = CliSet(text, "CONVEX_DEPLOYMENT", $"dev:{Deployment} # team: acme, project: my-app", "# Deployment used by `npx convex dev`", existing == null);
        text = CliSet(text, urlName, $"https://{Deployment}.convex.cloud", null, false);
        return CliSet(text, siteUrlName, $"https://{Deployment}.convex.site", null, false);
    }

    private static string CliSet(string text, string name, string value, string? comment, bool fresh)
    {
        var line = (comment == null ? "" : comment + "\n") + name + "=" + value;
        if (fresh)
            return line + "\n";
        var existing = new Regex("^" + name + "=.*$", RegexOptions.Multiline);
        if (existing.IsMatch(text))
            return existing.Replace(text, name + "=" + value, 1);
        return text + (text.EndsWith('\n') ? "\n" : "\n\n") + line + "\n";
    }

    /// <summary>Plain NAME=value lines (enough for these files: no quotes, no multi-line values).</summary>
    private static Dictionary<string, string> ReadAssignments(string text)
    {
        var result = new Dictionary<string, string>();
        foreach (var line in text.Split('\n'))
        {
            var match = Regex.Match(line, @"^([A-Za-z_][A-Za-z0-9_]*)=(.*)$");
            if (match.Success)
                result[match.Groups[1].Value] = Regex.Replace(match.Groups[2].Value, @"\s+#.*$", "");
        }
        return result;
    }
}
