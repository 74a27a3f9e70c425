using System;
using System.IO;
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
        private readonly string _projectFile;

        /// <param name="projectFile">The project being built (absolute): where a diagnostic without a file of its own points.</param>
        public MSBuildReporter(TaskLoggingHelper log, ReportVerbosity verbosity, string projectFile)
        {
            _log = log;
            _verbosity = verbosity;
            _projectFile = projectFile;
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

        public void Warning(string code, string text, string? file = null, int line = 0)
        {
            var at = Locate(file, line);
            _log.LogWarning(null, code, null, HelpLink(code), at.File, at.Line, at.Column, 0, 0, "{0}", text);
        }

        public void Error(string code, string text, string? file = null, int line = 0)
        {
            var at = Locate(file, line);
            _log.LogError(null, code, null, HelpLink(code), at.File, at.Line, at.Column, 0, 0, "{0}", text);
        }

        public static string HelpLink(string code) => HelpBase + code.ToLowerInvariant();

        /// <summary>
        /// Where a diagnostic points, in the canonical form both console loggers print as <c>path(line,col): error CODE: text</c>:
        /// an absolute path (a relative one is resolved against the project folder), and a line and column whenever
        /// there is a file, because VS Code's $msCompile matcher only picks up a line that has them. The core knows
        /// no columns, so the column is 1; a diagnostic about a whole file points at its start. Without a file it
        /// names the project file with no position (never the package's .targets, which MSBuild would fill in).
        /// </summary>
        internal static (string File, int Line, int Column) Locate(string? file, int line, string projectFile)
        {
            if (string.IsNullOrWhiteSpace(file))
                return (projectFile, 0, 0);
            string full;
            try
            {
                full = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(projectFile) ?? "", file));
            }
            catch (Exception e) when (e is ArgumentException || e is NotSupportedException || e is PathTooLongException || e is System.Security.SecurityException)
            {
                full = file!;
            }
            return (full, Math.Max(1, line), 1);
        }

        private (string File, int Line, int Column) Locate(string? file, int line) => Locate(file, line, _projectFile);
    }
}
