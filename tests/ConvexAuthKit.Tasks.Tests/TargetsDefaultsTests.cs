namespace ConvexAuthKit.Tasks.Tests;

/// <summary>
/// What build/ConvexAuthKit.props and .targets make of the environment and the project, evaluated without running
/// anything: CI detection → ConvexAuthKitEnabled, the mode, the frontend guess and URL, the cache and input list paths.
/// </summary>
public sealed class TargetsDefaultsTests
{
    private static Dictionary<string, string> Map(params string[] pairs)
    {
        var map = new Dictionary<string, string>();
        for (var i = 0; i < pairs.Length; i += 2)
            map[pairs[i]] = pairs[i + 1];
        return map;
    }

    [Fact]
    public void Outside_CI_it_is_enabled_and_applies_with_its_default_files_and_timeouts()
    {
        using var project = TargetsEvaluation.Evaluate();

        Assert.Equal("true", project["ConvexAuthKitEnabled"]);
        Assert.Equal("", project["_ConvexAuthKitInCI"]);
        Assert.Equal("Apply", project["ConvexAuthKitMode"]);
        Assert.Equal(Path.Combine(project.Directory, "obj", "ConvexAuthKit.cache.json"), project["ConvexAuthKitCacheFile"]);
        Assert.Equal(Path.Combine(project.Directory, "obj", "ConvexAuthKit.inputs.txt"), project["ConvexAuthKitInputListFile"]);
        Assert.Equal("", project["_ConvexAuthKitDeploymentIsRemote"]);
        Assert.Equal(("20", "10", "60"), (project["ConvexAuthKitHttpTimeout"], project["ConvexAuthKitConnectTimeout"], project["ConvexAuthKitTimeout"]));
    }

    [Theory]
    [InlineData("CI", "true")]
    [InlineData("CI", "1")]
    [InlineData("TF_BUILD", "True")]
    [InlineData("GITHUB_ACTIONS", "true")]
    [InlineData("GITLAB_CI", "true")]
    [InlineData("BUILDKITE", "true")]
    [InlineData("TEAMCITY_VERSION", "2024.1")]
    [InlineData("APPVEYOR", "True")]
    [InlineData("JENKINS_URL", "http://jenkins.internal/")]
    [InlineData("CODEBUILD_BUILD_ID", "proj:1")]
    [InlineData("DEPENDABOT", "true")]
    [InlineData("ContinuousIntegrationBuild", "true")]
    public void A_CI_variable_switches_it_off(string variable, string value)
    {
        using var project = TargetsEvaluation.Evaluate(environment: Map(variable, value));

        Assert.Equal("true", project["_ConvexAuthKitInCI"]);
        Assert.Equal("false", project["ConvexAuthKitEnabled"]);
    }

    [Fact]
    public void Jenkins_BUILD_ID_counts_only_with_BUILD_URL()
    {
        using (var alone = TargetsEvaluation.Evaluate(environment: Map("BUILD_ID", "42")))
            Assert.Equal("true", alone["ConvexAuthKitEnabled"]);
        using (var both = TargetsEvaluation.Evaluate(environment: Map("BUILD_ID", "42", "BUILD_URL", "http://ci/42")))
            Assert.Equal("false", both["ConvexAuthKitEnabled"]);
    }

    [Theory]
    [InlineData("ConvexAuthKitEnabled", "true", "true", "Apply")]
    [InlineData("ConvexAuthKitMode", "Verify", "true", "Verify")]
    [InlineData("ConvexAuthKitDryRun", "true", "false", "DryRun")]
    public void In_CI_an_explicit_value_wins_and_Verify_switches_it_on(string property, string value, string enabled, string mode)
    {
        using var project = TargetsEvaluation.Evaluate(environment: Map("GITHUB_ACTIONS", "true"), globalProperties: Map(property, value));

        Assert.Equal(enabled, project["ConvexAuthKitEnabled"]);
        Assert.Equal(mode, project["ConvexAuthKitMode"]);
    }

    [Fact]
    public void Explicit_false_wins_outside_CI()
    {
        using var project = TargetsEvaluation.Evaluate(globalProperties: Map("ConvexAuthKitEnabled", "false"));
        Assert.Equal("false", project["ConvexAuthKitEnabled"]);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void Frontend_guess_is_the_property_else_the_project_with_a_package_json_else_ClientApp(bool packageJson, bool property)
    {
        using var project = TargetsEvaluation.Evaluate(
            globalProperties: property ? Map("ConvexAuthKitFrontendDir", "web") : null,
            arrange: dir => { if (packageJson) File.WriteAllText(Path.Combine(dir, "package.json"), "{}"); });

        var expected = property ? Path.Combine(project.Directory, "web") + "/"
            : packageJson ? project.Directory + "/"
            : Path.Combine(project.Directory, "ClientApp") + "/";
        Assert.Equal(expected, project["_ConvexAuthKitFrontendDirGuess"]);
    }

    [Theory]
    [InlineData(null, null, "", "")]
    [InlineData("http://localhost:5173", null, "http://localhost:5173", "ConvexAuthKitFrontendUrl")]
    [InlineData(null, "https://localhost:44400", "https://localhost:44400", "SpaProxyServerUrl")]
    [InlineData("http://localhost:3000", "https://localhost:44400", "http://localhost:3000", "ConvexAuthKitFrontendUrl")]
    public void Frontend_url_is_the_property_else_SpaProxyServerUrl(string? url, string? spaProxy, string expectedUrl, string expectedSource)
    {
        var properties = new Dictionary<string, string>();
        if (url != null)
            properties["ConvexAuthKitFrontendUrl"] = url;
        if (spaProxy != null)
            properties["SpaProxyServerUrl"] = spaProxy;
        using var project = TargetsEvaluation.Evaluate(globalProperties: properties);

        Assert.Equal(expectedUrl, project["_ConvexAuthKitFrontendUrl"]);
        Assert.Equal(expectedSource, project["_ConvexAuthKitFrontendUrlSource"]);
    }

    [Fact]
    public void A_relative_cache_file_is_made_absolute_against_the_project()
    {
        using var project = TargetsEvaluation.Evaluate(projectProperties: Map("ConvexAuthKitCacheFile", "state/cak.json"));
        Assert.Equal(Path.Combine(project.Directory, "state", "cak.json"), project["ConvexAuthKitCacheFile"]);
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("dev", "")]
    [InlineData("prod", "true")]
    [InlineData("preview:feature-x", "true")]
    public void Only_prod_and_preview_leave_the_build_to_publish(string deployment, string remote)
    {
        using var project = TargetsEvaluation.Evaluate(globalProperties: deployment.Length == 0 ? null : Map("ConvexAuthKitDeployment", deployment));
        Assert.Equal(remote, project["_ConvexAuthKitDeploymentIsRemote"]);
    }
}
