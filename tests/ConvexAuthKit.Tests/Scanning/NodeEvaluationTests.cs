using System.Diagnostics;
using ConvexAuthKit.Diagnostics;
using ConvexAuthKit.Evaluation;
using ConvexAuthKit.Scanning;
using ConvexAuthKit.Tests.Provisioning;

namespace ConvexAuthKit.Tests.Scanning;

/// <summary>
/// Runs only where Node.js is on the PATH: skipped with a message otherwise, except under CI=true, where a missing
/// Node is a failure (CI must exercise the evaluator; .ci/run checks for it too).
/// </summary>
public sealed class NodeFactAttribute : FactAttribute
{
    public static readonly string? Node = NodeLocator.Find(Environment.GetEnvironmentVariable("PATH"));

    public NodeFactAttribute()
    {
        if (Node == null && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            Skip = "Node.js is not on the PATH, so the auth.config evaluator cannot be tested here (install Node.js 20 or later to run it; under CI=true this fails instead).";
    }
}

/// <summary>A frontend with <c>npm install convex</c> done once for all the tests of the class (that brings esbuild, as for every Convex project).</summary>
public sealed class ConvexFrontendFixture : IDisposable
{
    public ConvexFrontendFixture()
    {
        Root = Path.Combine(Path.GetTempPath(), "cak-node-eval-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(Path.Combine(Root, "front", "convex"));
        File.WriteAllText(Path.Combine(FrontendDir, "package.json"), "{ \"name\": \"eval-test\", \"private\": true, \"dependencies\": {} }\n");
        if (NodeFactAttribute.Node == null)
            return;
        var npm = Path.Combine(Path.GetDirectoryName(NodeFactAttribute.Node)!, OperatingSystem.IsWindows() ? "npm.cmd" : "npm");
        var info = new ProcessStartInfo(File.Exists(npm) ? npm : "npm", "install convex --no-audit --no-fund --loglevel=error")
        {
            WorkingDirectory = FrontendDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(300_000))
        {
            process.Kill(entireProcessTree: true);
            InstallError = "npm install convex did not finish within 5 minutes";
        }
        else if (process.ExitCode != 0 || !File.Exists(Path.Combine(FrontendDir, "node_modules", "esbuild", "package.json")))
            InstallError = "npm install convex failed (exit " + process.ExitCode + "): " + stderr.Result;
    }

    public string Root { get; }
    public string FrontendDir => Path.Combine(Root, "front");
    public string? InstallError { get; }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>
/// The evaluator against real Node and the esbuild that `npm install convex` brings: configs the scan cannot
/// decide are bundled as the CLI bundles them and evaluated with a recording process.env.
/// </summary>
public sealed class NodeEvaluationTests : IClassFixture<ConvexFrontendFixture>, IDisposable
{
    private readonly ConvexFrontendFixture _frontend;
    private readonly string _obj;
    private readonly CollectingReporter _reporter = new();
    private readonly List<string> _tracked = new();

    public NodeEvaluationTests(ConvexFrontendFixture frontend)
    {
        _frontend = frontend;
        // Each test its own functions folder and obj/, sharing the installed node_modules.
        _obj = Path.Combine(frontend.Root, "obj-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_obj);
    }

    public void Dispose()
    {
        try { Directory.Delete(_obj, recursive: true); } catch (IOException) { }
    }

    private AuthConfigScanResult Evaluate(string config, TimeSpan? timeout = null, string file = "auth.config.ts", Func<string, string?>? environment = null)
    {
        Assert.True(NodeFactAttribute.Node != null, "CI=true but Node.js is not on the PATH: install Node.js 20 or later so the evaluator is tested.");
        Assert.True(_frontend.InstallError == null, _frontend.InstallError);
        var functions = Path.Combine(_frontend.FrontendDir, "convex");
        foreach (var old in Directory.GetFiles(functions, "auth.config.*"))
            File.Delete(old);
        File.WriteAllText(Path.Combine(functions, file), config);
        var scan = AuthConfigScanner.ScanFunctionsDir(functions);
        Assert.Equal(ScanDecision.Undecidable, scan.Decision);
        return UndecidableConfigResolver.Decide(scan, new EvaluationSettings(
            _frontend.FrontendDir, _obj, timeout ?? TimeSpan.FromSeconds(60), environment ?? Environment.GetEnvironmentVariable, _reporter, _tracked.Add));
    }

    [NodeFact]
    public void Enumeration_filtered_by_prefix_is_decided_by_evaluation_as_a_read()
    {
        var result = Evaluate(
            "import type { AuthConfig } from 'convex/server';\n"
            + "const pick = (prefix: string) => Object.entries(process.env).find(([k]) => k.startsWith(prefix))?.[1];\n"
            + "export default { providers: [{ type: 'customJwt', issuer: 'https://api.workos.com/', applicationID: pick('WORKOS_CLIENT'), algorithm: 'RS256', jwks: 'https://api.workos.com/sso/jwks/x' }] } satisfies AuthConfig;\n");

        Assert.True(result.ReadsWorkOSClientId, result.Reason + "\n" + _reporter.AllText);
        Assert.Equal(ScanMethod.Evaluated, result.Method);
        Assert.Contains("evaluated with Node", result.Reason);
        Assert.Empty(_reporter.Warnings);
    }

    [NodeFact]
    public void Evaluation_records_the_names_read_and_answers_no_when_the_variable_is_not_among_them()
    {
        var result = Evaluate(
            "const names = ['CLERK', 'ISSUER'].map((part) => part.toUpperCase());\n"
            + "const vite = Object.keys(process.env).filter((k) => k.startsWith('VITE_'));\n"
            + "export default { providers: [{ domain: process.env[names.join('_')], applicationID: 'convex', extra: vite.length }] };\n");

        Assert.False(result.ReadsWorkOSClientId, result.Reason);
        Assert.Equal(ScanMethod.Evaluated, result.Method);
        Assert.Equal(new[] { "CLERK_ISSUER" }, result.EnvVarsRead);
        Assert.Contains("does not read WORKOS_CLIENT_ID", result.Reason);
    }

    [NodeFact]
    public void Key_built_at_run_time_through_a_relative_helper_is_found()
    {
        File.WriteAllText(Path.Combine(_frontend.FrontendDir, "convex", "envHelper.ts"),
            "export function fromParts(...parts: string[]) { return process.env[parts.map((p) => p.trim()).join('_')]; }\n");

        var result = Evaluate("import { fromParts } from './envHelper';\nexport default { providers: [{ applicationID: fromParts(' WORKOS', 'CLIENT ', 'ID') }] };\n");

        Assert.True(result.ReadsWorkOSClientId, result.Reason);
        Assert.Equal(new[] { "WORKOS_CLIENT_ID" }, result.EnvVarsRead);
        // The helper is an input of the answer: editing it makes the next build decide again.
        Assert.Contains(_tracked, file => file.EndsWith("envHelper.ts", StringComparison.Ordinal));
    }

    [NodeFact]
    public void Writes_nothing_outside_obj_and_never_reaches_the_network_or_the_real_process()
    {
        var before = Snapshot(_frontend.FrontendDir);

        var result = Evaluate(
            "let escaped = 'no';\n"
            + "try { escaped = (process.env as any).constructor.constructor('return globalThis.process.version')(); } catch { escaped = 'blocked'; }\n"
            + "const f = typeof (globalThis as any).fetch;\nconst r = typeof (globalThis as any).require;\n"
            + "const key = [escaped, f, r].join('_').toUpperCase();\n"
            + "export default { providers: [{ applicationID: process.env[key] }] };\n");

        Assert.Equal(ScanMethod.Evaluated, result.Method);
        // No code generation from strings, no fetch, no require inside the evaluation.
        Assert.Equal(new[] { "BLOCKED_UNDEFINED_UNDEFINED" }, result.EnvVarsRead);
        var after = Snapshot(_frontend.FrontendDir);
        Assert.Equal(before, after);
        Assert.True(File.Exists(Path.Combine(_obj, AuthConfigEvaluator.FolderName, AuthConfigEvaluator.BundleName)));
    }

    [NodeFact]
    public void The_build_environment_is_not_handed_to_node()
    {
        // Were NODE_OPTIONS passed on, Node would fail to start (the module it names does not exist).
        var missing = Path.Combine(_obj, "not-there.js");
        string? Environment(string name) => name switch
        {
            "NODE_OPTIONS" => "--require " + missing,
            "CONVEX_DEPLOY_KEY" => "dev:happy-animal-123|secret",
            _ => System.Environment.GetEnvironmentVariable(name),
        };

        var result = Evaluate("const k = ['CONVEX', 'DEPLOY', 'KEY'].map((s) => s).join('_');\nexport default { providers: [{ applicationID: String(process.env[k]) }] };\n", environment: Environment);

        Assert.Equal(ScanMethod.Evaluated, result.Method);
        Assert.Empty(_reporter.Warnings);
        Assert.Equal(new[] { "CONVEX_DEPLOY_KEY" }, result.EnvVarsRead);
        // The config saw undefined, never the key: nothing of the value reached the bundle, the cache or the reason.
        Assert.DoesNotContain("secret", result.Reason);
        Assert.DoesNotContain("secret", File.ReadAllText(Path.Combine(_obj, AuthConfigEvaluator.FolderName, EvaluationCache.FileName)));
    }

    [NodeFact]
    public void A_config_that_never_finishes_is_stopped_with_a_coded_warning_and_falls_back()
    {
        var result = Evaluate("const k = String(Date.now());\nwhile (true) {}\nexport default { providers: [{ applicationID: process.env[k] }] };\n",
            timeout: TimeSpan.FromSeconds(4));

        var warning = Assert.Single(_reporter.Warnings);
        Assert.Equal(DiagnosticCodes.AuthConfigEvaluationTimedOut, warning.Code);
        Assert.Equal(ScanMethod.Fallback, result.Method);
        Assert.False(result.ReadsWorkOSClientId);
    }

    [NodeFact]
    public void A_config_esbuild_cannot_bundle_is_a_coded_warning_and_falls_back()
    {
        var result = Evaluate("import { make } from 'package-that-is-not-installed';\nexport default make(\"WORKOS_CLIENT_ID\");\n");

        var warning = Assert.Single(_reporter.Warnings);
        Assert.Equal(DiagnosticCodes.AuthConfigEvaluationFailed, warning.Code);
        Assert.Contains("package-that-is-not-installed", warning.Text);
        Assert.Equal(ScanMethod.Fallback, result.Method);
        Assert.True(result.ReadsWorkOSClientId);
    }

    [NodeFact]
    public void A_second_decision_with_unchanged_inputs_comes_from_the_cache_in_obj()
    {
        const string config = "const k = ['WORKOS', 'CLIENT', 'ID'].map((s) => s).join('_');\nexport default { providers: [{ applicationID: process.env[k] }] };\n";
        var first = Evaluate(config);
        Assert.True(first.ReadsWorkOSClientId);

        // A 1 ms budget cannot start Node: only the cache can answer.
        var second = Evaluate(config, timeout: TimeSpan.FromMilliseconds(1));

        Assert.Equal(ScanMethod.Evaluated, second.Method);
        Assert.True(second.ReadsWorkOSClientId);
        Assert.Empty(_reporter.Warnings);

        // A changed config is evaluated again (and with that budget, times out).
        Evaluate(config + "// changed\n", timeout: TimeSpan.FromMilliseconds(1));
        Assert.Equal(DiagnosticCodes.AuthConfigEvaluationTimedOut, Assert.Single(_reporter.Warnings).Code);
    }

    private static List<string> Snapshot(string folder) =>
        Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
            .Where(file => !file.Contains(Path.DirectorySeparatorChar + "convex" + Path.DirectorySeparatorChar))
            .Select(file => file + "|" + File.GetLastWriteTimeUtc(file).Ticks)
            .OrderBy(file => file, StringComparer.Ordinal)
            .ToList();
}
