using System;
using System.Linq;
using System.Threading;
using ConvexAuthKit.Api;
using ConvexAuthKit.Options;
using ConvexAuthKit.Provisioning;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using Task = Microsoft.Build.Utilities.Task;

namespace ConvexAuthKit.Tasks
{
    /// <summary>
    /// Maps the ConvexAuthKit* properties onto a provisioning run and its reports onto the build log.
    /// Credentials are never parameters: the core reads them from the environment and the Convex CLI's files.
    /// </summary>
    public sealed class ProvisionAuthKit : Task, ICancelableTask
    {
        private readonly CancellationTokenSource _cancel = new CancellationTokenSource();

        [Required]
        public string ProjectDirectory { get; set; } = "";

        /// <summary>The project being built ($(MSBuildProjectFullPath)): where diagnostics without a file of their own point.</summary>
        public string? ProjectFile { get; set; }
        public string? FrontendDir { get; set; }
        public string? FrontendUrl { get; set; }
        public string? FrontendUrlSource { get; set; }
        public string? ProvisionHost { get; set; }
        public string? WorkOSApiUrl { get; set; }
        /// <summary>Explicit opt-in: create the Convex team's WorkOS team with this verified email if it has none.</summary>
        public string? WorkOSTeamEmail { get; set; }
        /// <summary>The obj/ file recording the last successful run's inputs; empty disables the cache.</summary>
        public string? CacheFile { get; set; }
        /// <summary>The obj/ item file listing every file the cache depends on, for the IDE's up-to-date check; empty keeps none.</summary>
        public string? InputListFile { get; set; }
        /// <summary>The target's output: written after a successful Apply run, deleted when a run starts (see SuccessMarker); empty keeps none.</summary>
        public string? SuccessMarkerFile { get; set; }
        public bool Force { get; set; }
        /// <summary>Seconds one HTTP request may take (1 to 3600; empty: 20). Parsed here, so a bad value is CAK0012, not MSBuild's own error.</summary>
        public string? HttpTimeoutSeconds { get; set; }
        /// <summary>Seconds to wait for a connection (where the runtime can bound it separately: the dotnet CLI); empty: 10.</summary>
        public string? ConnectTimeoutSeconds { get; set; }
        /// <summary>Seconds the whole run may take, retries included; empty: 60.</summary>
        public string? TimeoutSeconds { get; set; }
        /// <summary>quiet: even a change is logged at normal importance; normal (default); detailed: every decision at high importance.</summary>
        public string? Verbosity { get; set; }
        /// <summary>Apply (default), DryRun, Verify, or Status (the status target: a dry run that shows every decision and the cache's state).</summary>
        public string? Mode { get; set; }
        /// <summary>ConvexAuthKitDeployment: empty or dev, prod, preview:&lt;name&gt;.</summary>
        public string? Deployment { get; set; }
        /// <summary>Set by the publish target: act on the production or preview deployment, with its own cache file.</summary>
        public bool Publish { get; set; }

        [Output]
        public string Outcome { get; private set; } = "";

        public void Cancel() => _cancel.Cancel();

        // Touches no type of ConvexAuthKit.Core: if one of our assemblies cannot load, that surfaces in ExecuteCore as CAK0911.
        public override bool Execute() => TaskDependencies.Run(Log, BuildEngine?.ProjectFileOfTaskNode ?? "", ExecuteCore);

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        private bool ExecuteCore()
        {
            var options = ReadOptions(out var verbosity);
            if (options == null)
                return false;
            var reporter = new MSBuildReporter(Log, verbosity, ReportedProjectFile);

            var cacheFile = Empty(CacheFile);
            if (Publish && cacheFile != null)
                cacheFile = Inspection.DeploymentTarget.PublishCacheFile(options.Deployment, options.Environment, cacheFile);

            if (options.Mode == ProvisioningMode.Status && cacheFile != null)
            {
                var current = ProvisioningRun.WouldSkipFromCache(options, cacheFile);
                Log.LogMessage(MessageImportance.High, "{0}", current
                    ? $"ConvexAuthKit: the cache ({cacheFile}) matches every input: the next build sends no request."
                    : $"ConvexAuthKit: the cache ({cacheFile}) is absent or out of date: the next build checks the deployment.");
            }

            try
            {
                // The input list feeds the IDE's up-to-date check of the build, which a publish run has nothing to do with.
                var inputList = Publish ? null : Empty(InputListFile);
                var marker = Publish ? null : Empty(SuccessMarkerFile);
                var status = ProvisioningRun.ExecuteAsync(options, cacheFile, Force, reporter, _cancel.Token, inputList, marker).GetAwaiter().GetResult();
                Outcome = status.ToString();
            }
            catch (OperationCanceledException)
            {
                Log.LogMessage(MessageImportance.High, "ConvexAuthKit: cancelled; nothing was left half-written, the next build finishes the job.");
                Outcome = "Cancelled";
                return false;
            }
            return !Log.HasLoggedErrors;
        }

        /// <summary>
        /// The parameters as run options and a log verbosity; null after one CAK0012 error per invalid value (all of
        /// them, so one build shows every mistake). Reads nothing but the parameters.
        /// </summary>
        internal ProvisioningOptions? ReadOptions(out ReportVerbosity verbosity)
        {
            var errors = new[]
            {
                TaskProperties.Mode(Mode, out var mode),
                TaskProperties.Verbosity(Verbosity, out verbosity),
                TaskProperties.Seconds("ConvexAuthKitHttpTimeout", HttpTimeoutSeconds, HttpPolicy.Default.RequestTimeout, out var request),
                TaskProperties.Seconds("ConvexAuthKitConnectTimeout", ConnectTimeoutSeconds, HttpPolicy.Default.ConnectTimeout, out var connect),
                TaskProperties.Seconds("ConvexAuthKitTimeout", TimeoutSeconds, HttpPolicy.Default.RunDeadline, out var deadline),
            };
            var reporter = new MSBuildReporter(Log, ReportVerbosity.Normal, ReportedProjectFile);
            foreach (var error in errors)
            {
                if (error != null)
                    reporter.Error(Diagnostics.DiagnosticCodes.InvalidProperty, error);
            }
            if (errors.Any(e => e != null))
                return null;

            // The status target shows every decision, whatever the project's verbosity.
            if (mode == ProvisioningMode.Status)
                verbosity = ReportVerbosity.Detailed;
            return new ProvisioningOptions
            {
                ProjectDir = ProjectDirectory,
                FrontendDir = Empty(FrontendDir),
                FrontendUrl = Empty(FrontendUrl),
                FrontendUrlSource = Empty(FrontendUrlSource),
                ProvisionHost = Empty(ProvisionHost),
                WorkOSApiUrl = Empty(WorkOSApiUrl) ?? ProvisioningOptions.DefaultWorkOSApiUrl,
                WorkOSTeamEmail = Empty(WorkOSTeamEmail),
                // The cache file lives in obj/: an undecidable auth.config is evaluated there and nowhere else.
                IntermediateDir = FolderOf(Empty(CacheFile)),
                Mode = mode,
                Deployment = Empty(Deployment),
                ForPublish = Publish,
                Http = new HttpPolicy
                {
                    RequestTimeout = request,
                    ConnectTimeout = connect,
                    RunDeadline = deadline,
                },
            };
        }

        /// <summary>The project file, absolute; the engine's idea of the task's file (the package's .targets) only as a last resort.</summary>
        private string ReportedProjectFile
        {
            get
            {
                var file = Empty(ProjectFile) ?? BuildEngine?.ProjectFileOfTaskNode ?? "";
                try
                {
                    return file.Length == 0 ? file : System.IO.Path.GetFullPath(file);
                }
                catch (Exception e) when (e is ArgumentException || e is NotSupportedException || e is System.IO.PathTooLongException)
                {
                    return file;
                }
            }
        }

        private static string? Empty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

        /// <summary>The folder of the cache file, or null when there is none or it is not a usable path (then nothing is evaluated).</summary>
        private static string? FolderOf(string? file)
        {
            try
            {
                return file == null ? null : System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(file));
            }
            catch (Exception e) when (e is ArgumentException || e is NotSupportedException || e is System.IO.PathTooLongException || e is System.Security.SecurityException)
            {
                return null;
            }
        }
    }
}
