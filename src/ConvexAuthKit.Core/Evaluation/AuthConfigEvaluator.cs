using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;

namespace ConvexAuthKit.Evaluation
{
    internal enum EvaluationStatus { Evaluated, TimedOut, Failed }

    /// <summary>What evaluating the bundled config found.</summary>
    internal sealed class EvaluationOutcome
    {
        private EvaluationOutcome(EvaluationStatus status, IReadOnlyList<string> reads, string? detail, IReadOnlyList<string> inputs)
        {
            Status = status;
            Reads = reads;
            Detail = detail;
            Inputs = inputs;
        }

        public EvaluationStatus Status { get; }

        /// <summary>Every environment variable name the config read, sorted (ordinal) and distinct.</summary>
        public IReadOnlyList<string> Reads { get; }

        /// <summary>For a failure: what failed; for an evaluation: the error the config threw, if it did.</summary>
        public string? Detail { get; }

        /// <summary>Full paths of the files esbuild bundled.</summary>
        public IReadOnlyList<string> Inputs { get; }

        public static EvaluationOutcome Evaluated(IEnumerable<string> reads, string? error, IReadOnlyList<string> inputs) =>
            new EvaluationOutcome(EvaluationStatus.Evaluated, reads.Distinct().OrderBy(name => name, StringComparer.Ordinal).ToList(), error, inputs);

        public static EvaluationOutcome TimedOut(string step) => new EvaluationOutcome(EvaluationStatus.TimedOut, Array.Empty<string>(), step, Array.Empty<string>());

        public static EvaluationOutcome Failed(string detail) => new EvaluationOutcome(EvaluationStatus.Failed, Array.Empty<string>(), detail, Array.Empty<string>());
    }

    /// <summary>
    /// Bundles <c>auth.config.*</c> with the frontend's own esbuild and evaluates the bundle in a child Node process
    /// (see <see cref="EvaluationHarness"/>), each step bounded in time. Writes only into its folder under obj/.
    /// </summary>
    internal static class AuthConfigEvaluator
    {
        public const string FolderName = "ConvexAuthKit.evaluation";
        public const string BundleName = "auth.config.bundle.mjs";

        // Names any object is asked for by the language or by JSON, not environment variables.
        private static readonly HashSet<string> ProtocolNames = new HashSet<string>(StringComparer.Ordinal)
        {
            "then", "toJSON", "constructor", "__proto__", "valueOf", "toString", "toLocaleString", "hasOwnProperty", "isPrototypeOf", "inspect", "length",
        };

        public static EvaluationOutcome Evaluate(string node, string esbuildDir, string configFile, string folder, TimeSpan timeout, Func<string, string?> environment, CancellationToken ct)
        {
            string harness, bundle;
            try
            {
                Directory.CreateDirectory(folder);
                harness = Path.Combine(folder, EvaluationHarness.FileName);
                if (!File.Exists(harness) || File.ReadAllText(harness) != EvaluationHarness.Script)
                    File.WriteAllBytes(harness, new System.Text.UTF8Encoding(false).GetBytes(EvaluationHarness.Script));
                bundle = Path.Combine(folder, BundleName);
                if (File.Exists(bundle))
                    File.Delete(bundle);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is ArgumentException || e is NotSupportedException)
            {
                return EvaluationOutcome.Failed("its folder " + folder + " could not be prepared (" + e.Message.TrimEnd('.') + ")");
            }

            var bundled = NodeProcess.Run(node, new[] { harness, "bundle", esbuildDir, configFile, bundle }, folder, timeout, environment, ct);
            if (bundled.TimedOut)
                return EvaluationOutcome.TimedOut("bundling it with esbuild");
            if (!TryParse(bundled, "bundling it with esbuild", out var bundleAnswer, out var failure))
                return EvaluationOutcome.Failed(failure!);
            var inputs = bundleAnswer!.Value.TryGetProperty("inputs", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Where(item => item.ValueKind == JsonValueKind.String).Select(item => item.GetString()!).ToList()
                : new List<string>();
            var nodeVersion = bundleAnswer.Value.TryGetProperty("node", out var version) && version.ValueKind == JsonValueKind.String ? version.GetString()! : "";

            var budget = Math.Max(1, (int)Math.Min(int.MaxValue, timeout.TotalMilliseconds - 500));
            var arguments = new List<string>(SandboxFlags(nodeVersion)) { harness, "evaluate", bundle, budget.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            var evaluated = NodeProcess.Run(node, arguments, folder, timeout, environment, ct);
            if (evaluated.TimedOut)
                return EvaluationOutcome.TimedOut("evaluating it");
            if (!TryParse(evaluated, "evaluating it", out var answer, out failure))
                return EvaluationOutcome.Failed(failure!);

            var reads = new List<string>();
            if (answer!.Value.TryGetProperty("reads", out var names) && names.ValueKind == JsonValueKind.Array)
            {
                reads.AddRange(names.EnumerateArray()
                    .Where(item => item.ValueKind == JsonValueKind.String)
                    .Select(item => item.GetString()!)
                    .Where(name => name.Length > 0 && name.Length <= 200 && !ProtocolNames.Contains(name)));
            }
            if (answer.Value.TryGetProperty("dependsOnProbe", out var depends) && depends.ValueKind == JsonValueKind.True)
                reads.Add(Scanning.EnvReadAnalyzer.WorkOSClientId);
            // A config that never finished decides nothing, unless it read the variable before it stopped.
            if (answer.Value.TryGetProperty("timedOut", out var late) && late.ValueKind == JsonValueKind.True && !reads.Contains(Scanning.EnvReadAnalyzer.WorkOSClientId))
                return EvaluationOutcome.TimedOut("evaluating it");
            var error = answer.Value.TryGetProperty("error", out var thrown) && thrown.ValueKind == JsonValueKind.String ? Clean(thrown.GetString()!) : null;
            return EvaluationOutcome.Evaluated(reads, error, inputs);
        }

        /// <summary>
        /// The evaluation may read files but not write them, start processes or threads (Node's permission model,
        /// where this Node has it), and runs the bundle as an ES module in a vm context.
        /// </summary>
        private static IEnumerable<string> SandboxFlags(string nodeVersion)
        {
            var parts = nodeVersion.Split('.');
            int.TryParse(parts[0], out var major);
            var minor = parts.Length > 1 && int.TryParse(parts[1], out var m) ? m : 0;
            if (major >= 23 || (major == 22 && minor >= 13))
            {
                yield return "--permission";
                yield return "--allow-fs-read=*";
            }
            else if (major >= 20)
            {
                yield return "--experimental-permission";
                yield return "--allow-fs-read=*";
            }
            yield return "--experimental-vm-modules";
            yield return "--no-warnings";
        }

        private static bool TryParse(NodeProcessResult result, string step, out JsonElement? answer, out string? failure)
        {
            answer = null;
            failure = null;
            if (result.StartError != null)
            {
                failure = "node could not be started for " + step + " (" + Clean(result.StartError) + ")";
                return false;
            }
            try
            {
                using var document = JsonDocument.Parse(result.Stdout);
                var root = document.RootElement.Clone();
                if (root.ValueKind != JsonValueKind.Object)
                    throw new JsonException("not an object");
                if (!root.TryGetProperty("ok", out var ok) || ok.ValueKind != JsonValueKind.True)
                {
                    var error = root.TryGetProperty("error", out var text) && text.ValueKind == JsonValueKind.String ? text.GetString()! : "no reason given";
                    failure = step + " failed: " + Clean(error);
                    return false;
                }
                answer = root;
                return true;
            }
            catch (JsonException)
            {
                failure = step + " gave no answer (node exited with code " + result.ExitCode + ")";
                return false;
            }
        }

        /// <summary>One line, no control characters, a sane length: text from a child process goes into a build message.</summary>
        internal static string Clean(string text)
        {
            var chars = text.Select(c => char.IsControl(c) || c == '\u2028' || c == '\u2029' ? ' ' : c).ToArray();
            var clean = new string(chars).Trim();
            return clean.Length <= 300 ? clean : clean.Substring(0, 300) + "…";
        }
    }
}
