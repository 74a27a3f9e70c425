using ConvexAuthKit.Emulator;
using ConvexAuthKit.Provisioning;
using ConvexAuthKit.Reliability;
using ConvexAuthKit.Tests.Provisioning;

namespace ConvexAuthKit.Tests.Reliability;

/// <summary>
/// The lock that queues projects sharing one frontend: kept in a folder private to the user (not a guessable
/// name in the shared temp folder) and named after the frontend's resolved path.
/// </summary>
public sealed class FrontendLockTests
{
    [Fact]
    public async Task Frontend_lock_is_a_file_in_the_user_lock_folder()
    {
        if (!SpecialFiles.Supported) return;
        using var locks = new SpecialFiles();
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        ProjectLock.UserLockFolderCandidates.Value = new[] { locks.Path("locks") };
        try
        {
            Assert.Equal(RunStatus.Succeeded, await w.RunAsync());
        }
        finally
        {
            ProjectLock.UserLockFolderCandidates.Value = null;
        }

        var lockFile = Assert.Single(Directory.GetFiles(locks.Path("locks")));
        Assert.StartsWith("frontend-", Path.GetFileName(lockFile));
        Assert.Equal(0x1C0, SpecialFiles.ModeOf(locks.Path("locks")));
    }

    [Fact]
    public async Task Two_projects_reaching_one_frontend_through_a_link_provision_once()
    {
        if (!SpecialFiles.Supported) return;
        using var locks = new SpecialFiles();
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        // A second host project whose frontend folder is a link to the first one's.
        var otherProject = Path.Combine(w.Root, "OtherHost");
        Directory.CreateDirectory(otherProject);
        var linkedFrontend = Path.Combine(otherProject, "ClientApp");
        Directory.CreateSymbolicLink(linkedFrontend, w.FrontendDir);
        var viaLink = w.Options();
        viaLink.ProjectDir = otherProject;
        viaLink.FrontendDir = linkedFrontend;
        // A slow provisioning call: an unserialized second run would find the deployment still unprovisioned.
        w.Emulator.Faults.Add(new FaultRule { Service = "bigbrain", Path = Reliably.Provision, Kind = FaultKind.Delay, Delay = TimeSpan.FromMilliseconds(500) });
        var first = new CollectingReporter();
        var second = new CollectingReporter();
        ProjectLock.UserLockFolderCandidates.Value = new[] { locks.Path("locks") };
        RunStatus[] runs;
        try
        {
            runs = await Task.WhenAll(
                ProvisioningRun.ExecuteAsync(w.Options(), w.CacheFile, false, first, CancellationToken.None),
                ProvisioningRun.ExecuteAsync(viaLink, Path.Combine(otherProject, "obj", "ConvexAuthKit.cache.json"), false, second, CancellationToken.None));
        }
        finally
        {
            ProjectLock.UserLockFolderCandidates.Value = null;
        }

        Assert.Equal(1, w.Emulator.State.ProvisioningCalls);
        Assert.All(runs, r => Assert.Equal(RunStatus.Succeeded, r));
        Assert.Empty(first.Errors.Concat(second.Errors));
        Assert.Single(Directory.GetFiles(locks.Path("locks")));
    }

    [Fact]
    public async Task Lock_folder_that_cannot_be_created_is_a_CAK0021_warning_and_the_run_goes_on()
    {
        using var locks = new SpecialFiles();
        File.WriteAllText(locks.Path("file"), "");
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp();
        ProjectLock.UserLockFolderCandidates.Value = new[] { locks.Path("file", "locks") };
        try
        {
            Assert.Equal(RunStatus.Succeeded, await w.RunAsync());
        }
        finally
        {
            ProjectLock.UserLockFolderCandidates.Value = null;
        }

        Assert.Equal("CAK0021", Assert.Single(w.Reporter.Warnings).Code);
    }
}
