using ConvexAuthKit.Provisioning;

namespace ConvexAuthKit.Tasks.Tests;

/// <summary>
/// The task's property → option mapping and every value it refuses, through a recording build engine. Nothing here
/// provisions: an invalid value stops the task before the core runs, and the mapping is read without running.
/// </summary>
public sealed class ProvisionAuthKitPropertyTests
{
    private const string ProjectFile = "/work/app/App.csproj";

    private static (ProvisionAuthKit Task, RecordingEngine Engine) NewTask(Action<ProvisionAuthKit>? set = null)
    {
        var engine = new RecordingEngine();
        var task = new ProvisionAuthKit { BuildEngine = engine, ProjectDirectory = "/work/app", ProjectFile = ProjectFile };
        set?.Invoke(task);
        return (task, engine);
    }

    [Fact]
    public void Every_property_reaches_its_option()
    {
        var (task, engine) = NewTask(t =>
        {
            t.FrontendDir = "web";
            t.FrontendUrl = "http://localhost:5173";
            t.FrontendUrlSource = "SpaProxyServerUrl";
            t.ProvisionHost = "http://127.0.0.1:9000";
            t.WorkOSApiUrl = "http://127.0.0.1:9001";
            t.WorkOSTeamEmail = "dev@example.com";
            t.CacheFile = "/work/app/obj/ConvexAuthKit.cache.json";
            t.HttpTimeoutSeconds = "7";
            t.ConnectTimeoutSeconds = "3";
            t.TimeoutSeconds = "90";
            t.Verbosity = "quiet";
            t.Mode = "Verify";
            t.Deployment = "prod";
            t.Publish = true;
        });

        var options = task.ReadOptions(out var verbosity);

        Assert.NotNull(options);
        Assert.Empty(engine.Errors);
        Assert.Equal("/work/app", options!.ProjectDir);
        Assert.Equal("web", options.FrontendDir);
        Assert.Equal("http://localhost:5173", options.FrontendUrl);
        Assert.Equal("SpaProxyServerUrl", options.FrontendUrlSource);
        Assert.Equal("http://127.0.0.1:9000", options.ProvisionHost);
        Assert.Equal("http://127.0.0.1:9001", options.WorkOSApiUrl);
        Assert.Equal("dev@example.com", options.WorkOSTeamEmail);
        Assert.Equal(Path.GetFullPath("/work/app/obj"), options.IntermediateDir);
        Assert.Equal(TimeSpan.FromSeconds(7), options.Http.RequestTimeout);
        Assert.Equal(TimeSpan.FromSeconds(3), options.Http.ConnectTimeout);
        Assert.Equal(TimeSpan.FromSeconds(90), options.Http.RunDeadline);
        Assert.Equal(ReportVerbosity.Quiet, verbosity);
        Assert.Equal(ProvisioningMode.Verify, options.Mode);
        Assert.Equal("prod", options.Deployment);
        Assert.True(options.ForPublish);
    }

    [Fact]
    public void Empty_and_blank_properties_take_the_defaults()
    {
        var (task, engine) = NewTask(t =>
        {
            t.FrontendDir = " ";
            t.FrontendUrl = "";
            t.WorkOSApiUrl = "";
            t.HttpTimeoutSeconds = "";
            t.ConnectTimeoutSeconds = " ";
            t.TimeoutSeconds = null;
            t.Verbosity = "";
            t.Mode = "";
        });

        var options = task.ReadOptions(out var verbosity);

        Assert.NotNull(options);
        Assert.Empty(engine.Events);
        Assert.Null(options!.FrontendDir);
        Assert.Null(options.FrontendUrl);
        Assert.Null(options.IntermediateDir);
        Assert.Null(options.Deployment);
        Assert.Equal(ProvisioningOptions.DefaultWorkOSApiUrl, options.WorkOSApiUrl);
        Assert.Equal(TimeSpan.FromSeconds(20), options.Http.RequestTimeout);
        Assert.Equal(TimeSpan.FromSeconds(10), options.Http.ConnectTimeout);
        Assert.Equal(TimeSpan.FromSeconds(60), options.Http.RunDeadline);
        Assert.Equal(ProvisioningMode.Apply, options.Mode);
        Assert.Equal(ReportVerbosity.Normal, verbosity);
    }

    [Theory]
    [InlineData("Apply", ProvisioningMode.Apply)]
    [InlineData("dryrun", ProvisioningMode.DryRun)]
    [InlineData("VERIFY", ProvisioningMode.Verify)]
    [InlineData(" DryRun ", ProvisioningMode.DryRun)]
    [InlineData("Status", ProvisioningMode.Status)]
    public void Mode_names_in_any_case(string text, ProvisioningMode expected)
    {
        var (task, _) = NewTask(t => t.Mode = text);
        Assert.Equal(expected, task.ReadOptions(out _)!.Mode);
    }

    [Theory]
    [InlineData(null, null, "Normal")]
    [InlineData("quiet", null, "Quiet")]
    [InlineData("Normal", null, "Normal")]
    [InlineData("DETAILED", null, "Detailed")]
    [InlineData("quiet", "Status", "Detailed")]
    [InlineData("quiet", "DryRun", "Quiet")]
    public void Verbosity_and_the_status_mode(string? verbosityText, string? mode, string expected)
    {
        var (task, _) = NewTask(t => { t.Verbosity = verbosityText; t.Mode = mode; });
        Assert.NotNull(task.ReadOptions(out var verbosity));
        Assert.Equal(expected, verbosity.ToString());
    }

    [Theory]
    [InlineData("1", 1)]
    [InlineData("3600", 3600)]
    [InlineData(" 45 ", 45)]
    [InlineData("007", 7)]
    public void Timeouts_within_range_are_taken(string text, int seconds)
    {
        var (task, _) = NewTask(t => { t.HttpTimeoutSeconds = text; t.ConnectTimeoutSeconds = text; t.TimeoutSeconds = text; });
        var http = task.ReadOptions(out _)!.Http;
        Assert.Equal(TimeSpan.FromSeconds(seconds), http.RequestTimeout);
        Assert.Equal(TimeSpan.FromSeconds(seconds), http.ConnectTimeout);
        Assert.Equal(TimeSpan.FromSeconds(seconds), http.RunDeadline);
    }

    public static TheoryData<string, string, string> InvalidValues()
    {
        var data = new TheoryData<string, string, string>
        {
            { "ConvexAuthKitMode", "Sometimes", "Apply, DryRun or Verify" },
            { "ConvexAuthKitMode", "1", "Apply, DryRun or Verify" },
            { "ConvexAuthKitMode", "Apply;Verify", "Apply, DryRun or Verify" },
            { "ConvexAuthKitVerbosity", "loud", "quiet, normal or detailed" },
            { "ConvexAuthKitVerbosity", "diag", "quiet, normal or detailed" },
            { "ConvexAuthKitVerbosity", "0", "quiet, normal or detailed" },
        };
        foreach (var property in new[] { "ConvexAuthKitHttpTimeout", "ConvexAuthKitConnectTimeout", "ConvexAuthKitTimeout" })
        {
            foreach (var value in new[] { "twenty", "1.5", "1e3", "0x10", "0", "-5", "+5", "3601", "100000", "99999999999999999999" })
                data.Add(property, value, "whole number of seconds from 1 to 3600");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(InvalidValues))]
    public void Invalid_value_is_CAK0012_naming_property_value_and_allowed_values_and_runs_nothing(string property, string value, string allowed)
    {
        var dir = Directory.CreateTempSubdirectory("cak-task-").FullName;
        try
        {
            var (task, engine) = NewTask(t =>
            {
                t.ProjectDirectory = dir;
                t.CacheFile = Path.Combine(dir, "obj", "ConvexAuthKit.cache.json");
                t.InputListFile = Path.Combine(dir, "obj", "ConvexAuthKit.inputs.txt");
                Set(t, property, value);
            });

            var ok = task.Execute();

            Assert.False(ok);
            var error = Assert.Single(engine.Errors);
            Assert.Equal("CAK0012", error.Code);
            Assert.Equal(ProjectFile, error.File);
            Assert.Contains(property, error.Message);
            Assert.Contains($"'{value}'", error.Message);
            Assert.Contains(allowed, error.Message);
            Assert.Equal("", task.Outcome);
            // Stopped before the core ran: nothing written, not even obj/.
            Assert.Empty(Directory.EnumerateFileSystemEntries(dir));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Every_invalid_value_is_reported_in_one_build()
    {
        var (task, engine) = NewTask(t =>
        {
            t.Mode = "Sometimes";
            t.Verbosity = "loud";
            t.HttpTimeoutSeconds = "0";
            t.ConnectTimeoutSeconds = "-1";
            t.TimeoutSeconds = "forever";
        });

        Assert.False(task.Execute());

        var errors = engine.Errors.ToList();
        Assert.All(errors, e => Assert.Equal("CAK0012", e.Code));
        Assert.Equal(
            new[] { "ConvexAuthKitMode", "ConvexAuthKitVerbosity", "ConvexAuthKitHttpTimeout", "ConvexAuthKitConnectTimeout", "ConvexAuthKitTimeout" },
            errors.Select(e => e.Message.Split(' ')[0]));
    }

    [Fact]
    public void Status_mode_reports_the_cache_state_and_writes_nothing()
    {
        var dir = Directory.CreateTempSubdirectory("cak-task-").FullName;
        try
        {
            var cache = Path.Combine(dir, "obj", "ConvexAuthKit.cache.json");
            var (task, engine) = NewTask(t =>
            {
                t.ProjectDirectory = dir;
                t.ProjectFile = Path.Combine(dir, "App.csproj");
                // The frontend folder is given and empty, so the run stops at "no package.json" without reading further.
                t.FrontendDir = dir;
                t.CacheFile = cache;
                t.Mode = "Status";
            });

            task.Execute();

            Assert.Contains(engine.Messages, m => m.Message.Contains($"the cache ({cache}) is absent or out of date"));
            // Detailed: every message at high importance.
            Assert.All(engine.Messages, m => Assert.Equal(Microsoft.Build.Framework.MessageImportance.High, m.Importance));
            Assert.False(File.Exists(cache));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void Set(ProvisionAuthKit task, string property, string value)
    {
        switch (property)
        {
            case "ConvexAuthKitMode": task.Mode = value; break;
            case "ConvexAuthKitVerbosity": task.Verbosity = value; break;
            case "ConvexAuthKitHttpTimeout": task.HttpTimeoutSeconds = value; break;
            case "ConvexAuthKitConnectTimeout": task.ConnectTimeoutSeconds = value; break;
            case "ConvexAuthKitTimeout": task.TimeoutSeconds = value; break;
            default: throw new ArgumentOutOfRangeException(nameof(property), property, null);
        }
    }
}
