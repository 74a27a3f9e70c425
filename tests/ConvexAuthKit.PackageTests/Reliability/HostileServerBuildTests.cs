using System.Net;
using System.Net.Sockets;
using ConvexAuthKit.Emulator;
using ConvexAuthKit.PackageTests.Infrastructure;

namespace ConvexAuthKit.PackageTests.Reliability;

/// <summary>
/// Hostile answers through a real `dotnet build`: the task's own HTTP handler (created by reflection inside
/// MSBuild's process) must not follow a redirect, and must stop reading an endless answer.
/// </summary>
[Collection(PackageCollection.Name)]
public sealed class HostileServerBuildTests(PackageFeed feed) : IAsyncLifetime
{
    private ConvexEmulator _emulator = null!;

    public async Task InitializeAsync() => _emulator = await ConvexEmulator.StartAsync();
    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public async Task Redirect_of_the_variable_update_fails_the_build_with_CAK0306_and_the_target_gets_no_connection()
    {
        using var app = ConsumerProject.Create(feed, "redirect").WithFrontend(FrontendKind.Vite).UsingEmulator(_emulator);
        var before = File.ReadAllBytes(app.EnvLocalPath);
        var elsewhere = new TcpListener(IPAddress.Loopback, 0);
        elsewhere.Start();
        try
        {
            var target = $"http://127.0.0.1:{((IPEndPoint)elsewhere.LocalEndpoint).Port}/steal";
            _emulator.Faults.Add(new FaultRule { Service = "deployment", Path = "/api/v1/update_environment_variables", Status = 307, Body = "", Headers = { ["Location"] = target } });

            var result = await app.BuildAsync("-p:ConvexAuthKitHttpTimeout=5");

            Assert.NotEqual(0, result.ExitCode);
            Assert.Contains("error CAK0306", result.Output);
            Assert.False(elsewhere.Pending(), "The redirect's target was connected to.");
            Assert.Equal(before, File.ReadAllBytes(app.EnvLocalPath));
        }
        finally
        {
            elsewhere.Stop();
        }
    }

    [Fact]
    public async Task Endless_answer_fails_the_build_with_CAK0307()
    {
        using var app = ConsumerProject.Create(feed, "flood").WithFrontend(FrontendKind.Vite).UsingEmulator(_emulator);
        _emulator.Faults.Add(new FaultRule { Service = "deployment", Path = "/api/v1/list_environment_variables", Kind = FaultKind.Flood });

        var result = await app.BuildAsync("-p:ConvexAuthKitHttpTimeout=120");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("error CAK0307", result.Output);
    }
}
