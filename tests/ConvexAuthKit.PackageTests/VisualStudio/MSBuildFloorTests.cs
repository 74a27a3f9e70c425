using System.Text.RegularExpressions;
using ConvexAuthKit.PackageTests.Infrastructure;
using ConvexAuthKit.PackageTests.Package;

namespace ConvexAuthKit.PackageTests.VisualStudio;

/// <summary>
/// The oldest Visual Studio MSBuild the package supports (ConvexAuthKitMSBuildFloor), checked against the binding
/// redirects of every recorded MSBuild.exe.config from that floor on: .NET Framework, unlike Mono, refuses a reference
/// that no redirect covers and the folders do not satisfy, so this is where a too-new dependency shows.
/// </summary>
[Collection(PackageCollection.Name)]
public sealed class MSBuildFloorTests(PackageFeed feed)
{
    public static TheoryData<string> SupportedMSBuilds()
    {
        var data = new TheoryData<string>();
        foreach (var version in AssemblyBinding.RecordedMSBuilds.Where(v => v >= AssemblyBinding.Floor))
            data.Add(version.ToString());
        return data;
    }

    [Theory]
    [MemberData(nameof(SupportedMSBuilds))]
    public void Every_reference_of_tasks_net472_binds_within_the_redirects_of_a_supported_MSBuild(string msbuild)
    {
        var problems = AssemblyBinding.Unbindable(AssemblyBinding.Folder(feed.PackagePath, "tasks/net472/"), Version.Parse(msbuild));

        Assert.True(problems.Count == 0, $"Under Visual Studio's MSBuild {msbuild}:\n" + string.Join("\n", problems));
    }

    [Fact]
    public void The_check_refuses_the_MSBuild_below_the_floor_for_the_System_Text_Json_it_ships()
    {
        var below = AssemblyBinding.RecordedMSBuilds.Where(v => v < AssemblyBinding.Floor).Max()!;

        var problems = AssemblyBinding.Unbindable(AssemblyBinding.Folder(feed.PackagePath, "tasks/net472/"), below);

        Assert.Contains(problems, p => p.Contains("-> System.Text.Json 8.0.0.0: outside MSBuild 17.8's redirect 0.0.0.0-7.0.0.3", StringComparison.Ordinal));
    }

    [Fact]
    public void The_floor_is_recorded_and_stated_the_same_everywhere()
    {
        var floor = AssemblyBinding.Floor;
        Assert.Contains(floor, AssemblyBinding.RecordedMSBuilds);
        Assert.All(AssemblyBinding.Redirects, r => Assert.Matches(@"^dotnet/msbuild v\d+\.\d+\.\d+ src/MSBuild/app\.config$", r.Source));

        var targets = File.ReadAllText(Path.Combine(RepoPaths.Root, "build", "ConvexAuthKit.targets"));
        Assert.Contains($"$([MSBuild]::VersionLessThan('$(MSBuildVersion)', '{floor}'))", targets);
        Assert.Contains($"Visual Studio 2022 {floor} or later", targets);
        var readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"));
        Assert.Contains($"Visual Studio 2022 {floor} or later", readme);
        var description = Regex.Match(File.ReadAllText(RepoPaths.TasksProject), "<Description>(.*?)</Description>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Contains($"Visual Studio 2022 {floor} or later", description);
    }
}
