using System.Linq;
using System.Reflection;
using ConvexAuthKit.Diagnostics;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace ConvexAuthKit.Tasks
{
    internal enum ReportVerbosity { Quiet, Normal, Detailed }

    /// <summary>Turns the core's reports into MSBuild log events: coded, with file and line, and a help link.</summary>
    internal sealed class MSBuildReporter : IReporter
    {
        /// <summary>Where docs/diagnostics.md lives; set from the repository URL at build time (one source of truth).</summary>
        public static readonly string HelpBase = typeof(MSBuildReporter).Assembly
            .GetCustomAttributes(typeof(AssemblyMetadataAttribute), false).OfType<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "ConvexAuthKitHelpBase")?.Value ?? "";

        private readonly TaskLoggingHelper _log;
        private readonly ReportVerbosity _verbosity;

        public MSBuildReporter(TaskLoggingHelper log, ReportVerbosity verbosity)
        {
            _log = log;
            _verbosity = verbosity;
        }

        public void Message(Importance importance, string text)
        {
            var msbuildImportance = _verbosity switch
            {
                ReportVerbosity.Detailed => MessageImportance.High,
                ReportVerbosity.Quiet => importance == Importance.Low ? MessageImportance.Low : MessageImportance.Normal,
                _ => importance == Importance.High ? MessageImportance.High : importance == Importance.Normal ? MessageImportance.Normal : MessageImportance.Low,
            };
            _log.LogMessage(msbuildImportance, "{0}", text);
        }

        public void Warning(string code, string text, string? file = null, int line = 0) =>
            _log.LogWarning(null, code, null, HelpBase + code.ToLowerInvariant(), file ?? "", line, 0, 0, 0, "{0}", text);

        public void Error(string code, string text, string? file = null, int line = 0)
        {
            _log.LogError(null, code, null, HelpBase + code.ToLowerInvariant(), file ?? "", line, 0, 0, 0, "{0}", text);
        }
    }
}
