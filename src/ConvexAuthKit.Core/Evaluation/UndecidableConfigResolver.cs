using System;
using System.IO;
using System.Linq;
using System.Threading;
using ConvexAuthKit.Diagnostics;
using ConvexAuthKit.Files;
using ConvexAuthKit.Scanning;

namespace ConvexAuthKit.Evaluation
{
    /// <summary>What deciding an undecidable scan needs from the run.</summary>
    internal sealed class EvaluationSettings
    {
        public EvaluationSettings(string frontendDir, string? intermediateDir, TimeSpan timeout, Func<string, string?> environment, IReporter reporter, Action<string> trackFile)
        {
            FrontendDir = frontendDir;
            IntermediateDir = intermediateDir;
            Timeout = timeout;
            Environment = environment;
            Reporter = reporter;
            TrackFile = trackFile;
        }

        public string FrontendDir { get; }

        /// <summary>obj/ (the folder of the cache file); null: no evaluation, as nothing may be written elsewhere.</summary>
        public string? IntermediateDir { get; }
        public TimeSpan Timeout { get; }

        /// <summary>The build's environment: PATH to find node, and the little a child process is given.</summary>
        public Func<string, string?> Environment { get; }
        public IReporter Reporter { get; }

        /// <summary>Records a file the answer depends on in the run's cache inputs.</summary>
        public Action<string> TrackFile { get; }
    }

    /// <summary>
    /// Decides a scan the scanner could not: by evaluating the bundled config in Node when Node and the frontend's
    /// esbuild are there, else by the fallback rule (read iff WORKOS_CLIENT_ID appears as a string or identifier
    /// outside comments) with a low-importance message on how to make it decidable. A decided scan passes through.
    /// </summary>
    internal static class UndecidableConfigResolver
    {
        public static AuthConfigScanResult Decide(AuthConfigScanResult scan, EvaluationSettings settings)
        {
            if (scan.Decision != ScanDecision.Undecidable || scan.ConfigFile == null)
                return scan;

            var esbuildDir = Path.Combine(settings.FrontendDir, "node_modules", "esbuild");
            // Installing node_modules later changes the answer's source: make it an input of the cache.
            settings.TrackFile(Path.Combine(esbuildDir, "package.json"));
            var node = NodeLocator.Find(settings.Environment("PATH"));
            string? missing = null;
            if (node == null)
                missing = "Node.js is not on the PATH";
            else if (!InputFiles.Exists(Path.Combine(esbuildDir, "package.json")))
                missing = "the frontend has no node_modules/esbuild (its packages are not installed)";
            else if (settings.IntermediateDir == null)
                missing = "the build gave no intermediate folder to evaluate it in";
            if (missing != null)
                return Fallback(scan, settings, missing + "; run `npm install` in " + settings.FrontendDir + " with Node.js on the PATH so that the next build can evaluate it, or read WORKOS_CLIENT_ID as process.env.WORKOS_CLIENT_ID");

            var folder = Path.Combine(settings.IntermediateDir!, AuthConfigEvaluator.FolderName);
            var outcome = EvaluationCache.TryRead(folder, node!, settings.FrontendDir);
            var cached = outcome != null;
            outcome ??= AuthConfigEvaluator.Evaluate(node!, esbuildDir, scan.ConfigFile, folder, settings.Timeout, settings.Environment, CancellationToken.None);
            switch (outcome.Status)
            {
                case EvaluationStatus.TimedOut:
                    settings.Reporter.Warning(DiagnosticCodes.AuthConfigEvaluationTimedOut,
                        $"Evaluating {SourceName(scan)} to decide whether it reads WORKOS_CLIENT_ID took longer than {settings.Timeout.TotalSeconds:0.#} s while {outcome.Detail}, so Node was stopped and the fallback rule decides; make the config's top level quick (no network, no long loops).",
                        scan.ConfigFile, scan.UndecidableLine);
                    return Fallback(scan, settings, null);
                case EvaluationStatus.Failed:
                    settings.Reporter.Warning(DiagnosticCodes.AuthConfigEvaluationFailed,
                        $"{SourceName(scan)} could not be evaluated to decide whether it reads WORKOS_CLIENT_ID ({outcome.Detail}), so the fallback rule decides; fix what the message names, or read WORKOS_CLIENT_ID as process.env.WORKOS_CLIENT_ID.",
                        scan.ConfigFile, scan.UndecidableLine);
                    return Fallback(scan, settings, null);
            }

            if (!cached)
                EvaluationCache.Write(folder, node!, settings.FrontendDir, outcome);
            foreach (var file in EvaluationCache.TrackedFiles(settings.FrontendDir, outcome.Inputs))
                settings.TrackFile(file);
            var reads = outcome.Reads.Contains(EnvReadAnalyzer.WorkOSClientId);
            var others = outcome.Reads.Where(name => name != EnvReadAnalyzer.WorkOSClientId).ToList();
            var reason = $"{SourceName(scan)} was evaluated with Node (the scan stopped at line {scan.UndecidableLine}, where it {scan.UndecidableReason}): "
                + (reads ? "it reads WORKOS_CLIENT_ID" : "it does not read WORKOS_CLIENT_ID")
                + (others.Count == 0 ? "" : (reads ? "; it also reads " : " (it reads ") + string.Join(", ", others) + (reads ? "" : ")"))
                + (outcome.Detail == null ? "" : "; the evaluation stopped with: " + outcome.Detail);
            return scan.Decided(ScanMethod.Evaluated, reads, reads ? scan.UndecidableLine : 0, outcome.Reads, reason);
        }

        private static AuthConfigScanResult Fallback(AuthConfigScanResult scan, EvaluationSettings settings, string? howToDecide)
        {
            var reason = ScanReason.ForFallback(scan);
            if (howToDecide != null)
                settings.Reporter.Message(Importance.Low, $"{reason}. It was not evaluated: {howToDecide}.");
            return scan.Decided(ScanMethod.Fallback, scan.MentionLine > 0, scan.MentionLine, scan.EnvVarsRead, reason);
        }

        private static string SourceName(AuthConfigScanResult scan) => SourceDisplayName.For(scan.ConfigFile);
    }
}
