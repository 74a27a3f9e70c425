using ConvexAuthKit.Credentials;
using ConvexAuthKit.Diagnostics;
using ConvexAuthKit.Provisioning.Deployments;

namespace ConvexAuthKit.Tests.Provisioning;

public class DeploymentTargetTests
{
    private static DeployKey? Key(string? value) => ConvexCredentials.ReadDeployKey(n => n == "CONVEX_DEPLOY_KEY" ? value : null);

    private static Func<string, string?> Env(params (string Name, string Value)[] vars) =>
        name => vars.FirstOrDefault(v => v.Name == name).Value;

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("dev")]
    public void Empty_or_dev_is_the_dev_deployment(string? property) =>
        Assert.Null(DeploymentTarget.Select(property, null, Env()));

    [Fact]
    public void Prod_and_preview_name_are_parsed()
    {
        Assert.Equal(RemoteKind.Prod, DeploymentTarget.Select("prod", null, Env())!.Kind);
        var preview = DeploymentTarget.Select("preview:feature/login-2", null, Env())!;
        Assert.Equal(RemoteKind.Preview, preview.Kind);
        Assert.Equal("feature/login-2", preview.PreviewName);
    }

    [Theory]
    [InlineData("production")]
    [InlineData("preview:")]
    [InlineData("preview:has space")]
    [InlineData("local:x")]
    public void Anything_else_is_CAK0111(string property)
    {
        var e = Assert.Throws<ConvexAuthKitException>(() => DeploymentTarget.Select(property, null, Env()));
        Assert.Equal("CAK0111", e.Code);
    }

    [Fact]
    public void A_production_deploy_key_selects_prod_and_a_dev_key_does_not()
    {
        Assert.Equal(RemoteKind.Prod, DeploymentTarget.Select(null, Key("prod:sober-otter-456|abc"), Env())!.Kind);
        Assert.Null(DeploymentTarget.Select(null, Key("dev:happy-animal-123|abc"), Env()));
    }

    [Fact]
    public void A_deploy_key_of_another_kind_than_the_named_target_is_CAK0111()
    {
        Assert.Equal("CAK0111", Assert.Throws<ConvexAuthKitException>(() => DeploymentTarget.Select("prod", Key("dev:happy-animal-123|abc"), Env())).Code);
        Assert.Equal("CAK0111", Assert.Throws<ConvexAuthKitException>(() => DeploymentTarget.Select("preview:x", Key("prod:sober-otter-456|abc"), Env())).Code);
    }

    [Fact]
    public void A_preview_deploy_key_takes_the_branch_from_the_CI_as_the_CLI_does()
    {
        var key = Key("preview:acme:my-app|abc");
        Assert.Equal("feat-a", DeploymentTarget.Select(null, key, Env(("VERCEL", "1"), ("VERCEL_GIT_COMMIT_REF", "feat-a")))!.PreviewName);
        Assert.Equal("feat-b", DeploymentTarget.Select(null, key, Env(("CI", "true"), ("GITHUB_HEAD_REF", "feat-b")))!.PreviewName);
        Assert.Equal("named", DeploymentTarget.Select("preview:named", key, Env(("CI", "true"), ("GITHUB_HEAD_REF", "feat-b")))!.PreviewName);
    }

    [Fact]
    public void A_preview_deploy_key_without_a_branch_is_CAK0112()
    {
        var e = Assert.Throws<ConvexAuthKitException>(() => DeploymentTarget.Select(null, Key("preview:acme:my-app|abc"), Env()));
        Assert.Equal("CAK0112", e.Code);
    }

    [Fact]
    public void Each_target_has_its_own_cache_file_beside_the_dev_one()
    {
        var dev = Path.Combine("obj", "ConvexAuthKit.cache.json");
        var prod = DeploymentTarget.Select("prod", null, Env())!.CacheFileBeside(dev);
        var a = DeploymentTarget.Select("preview:a", null, Env())!.CacheFileBeside(dev);
        var b = DeploymentTarget.Select("preview:b", null, Env())!.CacheFileBeside(dev);
        Assert.Equal(4, new[] { dev, prod, a, b }.Distinct().Count());
        Assert.All(new[] { prod, a, b }, f => Assert.Equal("obj", Path.GetDirectoryName(f)));
    }
}
