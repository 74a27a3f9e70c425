using ConvexAuthKit.Diagnostics;
using ConvexAuthKit.EnvFiles;

namespace ConvexAuthKit.Tests.EnvFiles;

public class ProjectEnvTests
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;

    [Fact]
    public void Env_local_wins_over_env()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File(".env.local"), "CONVEX_DEPLOYMENT=dev:local-one\n");
        File.WriteAllText(temp.File(".env"), "CONVEX_DEPLOYMENT=dev:shared-one\nONLY_IN_ENV=x\n");

        var variables = ProjectEnv.Load(temp.Root, NoEnvironment);

        Assert.Equal("dev:local-one", variables["CONVEX_DEPLOYMENT"]);
        Assert.Equal("x", variables["ONLY_IN_ENV"]);
    }

    [Fact]
    public void Real_environment_variable_wins_over_both_files()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File(".env.local"), "A=local\n");
        File.WriteAllText(temp.File(".env"), "A=env\n");

        var variables = ProjectEnv.Load(temp.Root, name => name == "A" ? "real" : null);

        Assert.Equal("real", variables["A"]);
    }

    [Fact]
    public void Empty_environment_variable_still_wins()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File(".env.local"), "A=local\n");

        Assert.Equal("", ProjectEnv.Load(temp.Root, name => name == "A" ? "" : null)["A"]);
    }

    [Fact]
    public void Missing_files_give_no_variables()
    {
        using var temp = new TempDirectory();

        Assert.Empty(ProjectEnv.Load(temp.Root, NoEnvironment));
    }

    [Fact]
    public void Load_gives_the_file_value_without_a_comment()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File(".env.local"), "CONVEX_DEPLOYMENT=dev:happy-animal-123 # team: acme, project: app\n");

        Assert.Equal("dev:happy-animal-123", ProjectEnv.Load(temp.Root, NoEnvironment)["CONVEX_DEPLOYMENT"]);
    }

    [Fact]
    public void Load_has_no_name_the_files_do_not_define()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File(".env"), "A=1\n");

        Assert.False(ProjectEnv.Load(temp.Root, NoEnvironment).ContainsKey("B"));
    }

    [Fact]
    public void Malformed_env_file_reports_CAK0004_with_file_and_line()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File(".env"), "A=1\nnot an assignment\n");

        var error = Assert.Throws<ConvexAuthKitException>(() => ProjectEnv.Load(temp.Root, NoEnvironment));

        Assert.Equal(DiagnosticCodes.EnvFileInvalid, error.Code);
        Assert.Equal(temp.File(".env"), error.File);
        Assert.Equal(2, error.Line);
    }
}
