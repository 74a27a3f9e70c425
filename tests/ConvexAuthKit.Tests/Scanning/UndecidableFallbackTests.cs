using ConvexAuthKit.Evaluation;
using ConvexAuthKit.Provisioning;
using ConvexAuthKit.Scanning;
using ConvexAuthKit.Tests.Provisioning;

namespace ConvexAuthKit.Tests.Scanning;

/// <summary>
/// An undecidable config where it cannot be evaluated (Node hidden from the PATH, no node_modules): the fallback rule
/// decides (read iff WORKOS_CLIENT_ID appears as a string or identifier outside comments) and a low-importance
/// message names the line and how to make it decidable. Needs no Node.
/// </summary>
public sealed class UndecidableFallbackTests : IDisposable
{
    private const string MentioningConfig =
        "import { makeConfig } from '@acme/auth';\n\nexport default makeConfig({ clientIdVariable: \"WORKOS_CLIENT_ID\" });\n";

    private const string CommentOnlyConfig =
        "// reads WORKOS_CLIENT_ID? no: @acme/auth reads CLERK_ISSUER\nimport { makeConfig } from '@acme/auth';\nexport default makeConfig();\n";

    private readonly string _root = Path.Combine(Path.GetTempPath(), "cak-fallback-" + Guid.NewGuid().ToString("N")[..10]);
    private readonly CollectingReporter _reporter = new();
    private readonly List<string> _tracked = new();

    public UndecidableFallbackTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, "front", "convex"));
        Directory.CreateDirectory(Path.Combine(_root, "obj"));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string FrontendDir => Path.Combine(_root, "front");

    private AuthConfigScanResult Decide(string config, string? path)
    {
        File.WriteAllText(Path.Combine(FrontendDir, "convex", "auth.config.ts"), config);
        var scan = AuthConfigScanner.ScanFunctionsDir(Path.Combine(FrontendDir, "convex"));
        Assert.Equal(ScanDecision.Undecidable, scan.Decision);
        var environment = new Dictionary<string, string?> { ["PATH"] = path };
        return UndecidableConfigResolver.Decide(scan, new EvaluationSettings(
            FrontendDir, Path.Combine(_root, "obj"), TimeSpan.FromSeconds(5), name => environment.GetValueOrDefault(name), _reporter, _tracked.Add));
    }

    [Fact]
    public void Node_hidden_from_the_path_falls_back_to_the_mention_and_says_how_to_decide()
    {
        var result = Decide(MentioningConfig, path: "");

        Assert.Equal(ScanMethod.Fallback, result.Method);
        Assert.True(result.ReadsWorkOSClientId);
        Assert.Equal(3, result.Line);
        var message = Assert.Single(_reporter.Reports, r => r.Kind == "message:Low");
        Assert.Contains("line 3", message.Text);
        Assert.Contains("makeConfig() from @acme/auth", message.Text);
        Assert.Contains("Node.js is not on the PATH", message.Text);
        Assert.Contains("npm install", message.Text);
        Assert.Empty(_reporter.Warnings);
        // Nothing was written: without Node there is no evaluation folder.
        Assert.False(Directory.Exists(Path.Combine(_root, "obj", AuthConfigEvaluator.FolderName)));
    }

    [Fact]
    public void Name_only_in_a_comment_falls_back_to_not_read()
    {
        var result = Decide(CommentOnlyConfig, path: "");

        Assert.Equal(ScanMethod.Fallback, result.Method);
        Assert.False(result.ReadsWorkOSClientId);
        Assert.Contains("appears nowhere outside comments", result.Reason);
    }

    [Fact]
    public void Node_without_node_modules_falls_back_and_names_npm_install()
    {
        // NodeLocator only needs a file called node; it is never run here, since esbuild is missing.
        var bin = Path.Combine(_root, "bin");
        Directory.CreateDirectory(bin);
        File.WriteAllText(Path.Combine(bin, OperatingSystem.IsWindows() ? "node.exe" : "node"), "");

        var result = Decide(MentioningConfig, path: bin);

        Assert.Equal(ScanMethod.Fallback, result.Method);
        var message = Assert.Single(_reporter.Reports, r => r.Kind == "message:Low");
        Assert.Contains("node_modules/esbuild", message.Text);
        Assert.Contains("npm install", message.Text);
        // Installing the packages later must make the next build run (and evaluate) again.
        Assert.Contains(Path.Combine(FrontendDir, "node_modules", "esbuild", "package.json"), _tracked);
    }

    [Fact]
    public void Decided_scan_is_not_touched()
    {
        File.WriteAllText(Path.Combine(FrontendDir, "convex", "auth.config.ts"), "export const id = process.env.WORKOS_CLIENT_ID;\n");
        var scan = AuthConfigScanner.ScanFunctionsDir(Path.Combine(FrontendDir, "convex"));

        var result = UndecidableConfigResolver.Decide(scan, new EvaluationSettings(FrontendDir, null, TimeSpan.FromSeconds(1), _ => null, _reporter, _tracked.Add));

        Assert.Same(scan, result);
        Assert.Equal(ScanMethod.Scanned, result.Method);
        Assert.Empty(_reporter.Reports);
    }

    [Fact]
    public async Task Build_provisions_for_an_undecidable_config_that_names_the_variable_and_says_how_it_decided()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp(authConfig: MentioningConfig);

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync());

        Assert.NotEmpty(w.Emulator.Requests);
        Assert.Contains(w.Reporter.Reports, r => r.Kind == "message:Low" && r.Text.Contains("(scanned, undecidable: fallback rule)"));
        Assert.Contains("VITE_WORKOS_CLIENT_ID=", w.ReadEnvLocal());
    }

    [Fact]
    public async Task Nothing_to_do_says_it_was_scanned()
    {
        await using var w = await FlowWorld.CreateAsync();
        w.WithViteApp(authConfig: "export default { providers: [{ domain: process.env.CLERK_ISSUER, applicationID: 'convex' }] };\n");

        Assert.Equal(RunStatus.Succeeded, await w.RunAsync());

        Assert.Empty(w.Emulator.Requests);
        Assert.Contains(w.Reporter.Reports, r => r.Kind == "message:Low" && r.Text.StartsWith("ConvexAuthKit:", StringComparison.Ordinal) && r.Text.EndsWith("(scanned)", StringComparison.Ordinal));
    }
}
