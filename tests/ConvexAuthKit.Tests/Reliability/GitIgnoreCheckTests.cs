using System.Diagnostics;
using ConvexAuthKit.Provisioning;
using ConvexAuthKit.Reliability;
using ConvexAuthKit.Tests.EnvFiles;
using ConvexAuthKit.Tests.Provisioning;

namespace ConvexAuthKit.Tests.Reliability;

/// <summary>CAK0108: a .env.local holding WORKOS_API_KEY that git would commit is warned about.</summary>
public sealed class GitIgnoreCheckTests
{
    [Theory]
    [InlineData(".env.local", true)]
    [InlineData(".env*.local", true)]
    [InlineData("*.local", true)]
    [InlineData("ClientApp/.env.local", true)]
    [InlineData("/ClientApp/", true)]
    [InlineData("**/.env.local", true)]
    [InlineData(".env", false)]
    [InlineData("/.env.local", false)]
    [InlineData("*.local\n!.env.local", false)]
    [InlineData("# .env.local", false)]
    // Blanks as git 2.x reads them (checked with `git check-ignore`): a leading blank or tab is part of the pattern,
    // trailing spaces are dropped unless escaped, a trailing tab stays. The CLI trims every trailing blank.
    [InlineData(" .env.local", false)]
    [InlineData("\t.env.local", false)]
    [InlineData(".env.local  ", true)]
    [InlineData(".env.local\t", false)]
    [InlineData(".env.local\\ ", false)]
    [InlineData(".env.loca\\l", true)]
    [InlineData(".env\\*.local", false)]
    public void Plain_gitignore_reading_matches_git(string gitignore, bool ignored)
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(dir.Root, ".git"));
        Directory.CreateDirectory(Path.Combine(dir.Root, "ClientApp"));
        File.WriteAllText(Path.Combine(dir.Root, ".gitignore"), gitignore + "\n");

        Assert.Equal(ignored, GitIgnorePatterns.IsIgnored(dir.Root, Path.Combine(dir.Root, "ClientApp", ".env.local")));
    }

    [Fact]
    public void Gitignore_in_the_frontend_folder_counts_relative_to_that_folder()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(dir.Root, ".git"));
        Directory.CreateDirectory(Path.Combine(dir.Root, "ClientApp"));
        File.WriteAllText(Path.Combine(dir.Root, "ClientApp", ".gitignore"), "/.env.local\n");

        Assert.True(GitIgnorePatterns.IsIgnored(dir.Root, Path.Combine(dir.Root, "ClientApp", ".env.local")));
    }

    [Fact]
    public void File_outside_any_repository_is_not_warned_about()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File(".env.local"), "WORKOS_API_KEY=sk_test_x\n");

        Assert.Equal(GitIgnoreStatus.NotInRepository, GitIgnoreCheck.Check(dir.File(".env.local")));
    }

    [Fact]
    public async Task NextJs_env_local_with_the_api_key_in_a_repository_without_gitignore_warns_CAK0108()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithNextApp();
        InitRepository(w.Root);

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync());

        var warning = Assert.Single(w.Reporter.Warnings);
        Assert.Equal("CAK0108", warning.Code);
        Assert.Equal(w.EnvLocalPath, warning.File);
    }

    [Fact]
    public async Task Ignored_env_local_is_not_warned_about()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithNextApp();
        InitRepository(w.Root);
        File.WriteAllText(Path.Combine(w.Root, ".gitignore"), ".env*.local\n");

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync());

        Assert.Empty(w.Reporter.Warnings);
    }

    [Fact]
    public async Task Gitignore_line_with_a_leading_blank_does_not_ignore_env_local_and_warns_CAK0108()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithNextApp();
        InitRepository(w.Root);
        File.WriteAllText(Path.Combine(w.Root, ".gitignore"), " .env.local\n");

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync());

        var warning = Assert.Single(w.Reporter.Warnings);
        Assert.Equal("CAK0108", warning.Code);
    }

    [Fact]
    public async Task Vite_env_local_without_a_secret_is_not_warned_about()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        InitRepository(w.Root);

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync());

        Assert.Empty(w.Reporter.Warnings);
    }

    /// <summary>A real repository when git is installed (so check-ignore answers), else just the .git folder.</summary>
    private static void InitRepository(string root)
    {
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", "init -q") { WorkingDirectory = root, UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true })!;
            git.WaitForExit(10_000);
        }
        catch (System.ComponentModel.Win32Exception)
        {
        }
        Directory.CreateDirectory(Path.Combine(root, ".git"));
    }
}
