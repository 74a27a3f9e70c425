using System;
using System.Threading;
using ConvexAuthKit.Api;
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
        /// <summary>Seconds one HTTP request may take.</summary>
        public int HttpTimeoutSeconds { get; set; } = 20;
        /// <summary>Seconds to wait for a connection (where the runtime can bound it separately: the dotnet CLI).</summary>
        public int ConnectTimeoutSeconds { get; set; } = 10;
        /// <summary>Seconds the whole run may take, retries included.</summary>
        public int TimeoutSeconds { get; set; } = 60;
        /// <summary>quiet: even a change is logged at normal importance; normal (default); detailed: every decision at high importance.</summary>
        public string? Verbosity { get; set; }
        /// <summary>Apply (default), DryRun, Verify, or Status (a dry run that shows every decision).</summary>
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
            if (!TryParseMode(out var mode))
                return false;
            var reporter = new MSBuildReporter(Log, ParseVerbosity(Verbosity, Mode), ReportedProjectFile);
            var options = new ProvisioningOptions
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
                    RequestTimeout = TimeSpan.FromSeconds(Math.Max(1, HttpTimeoutSeconds)),
                    ConnectTimeout = TimeSpan.FromSeconds(Math.Max(1, ConnectTimeoutSeconds)),
                    RunDeadline = TimeSpan.FromSeconds(Math.Max(1, TimeoutSeconds)),
                },
            };

            var cacheFile = Empty(CacheFile);
            if (Publish && cacheFile != null)
                cacheFile = Provisioning.Deployments.DeploymentTarget.PublishCacheFile(options.Deployment, options.Environment, cacheFile);

            if (IsStatus && cacheFile != null)
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

        private bool IsStatus => string.Equals(Mode, "Status", StringComparison.OrdinalIgnoreCase);

        private bool TryParseMode(out ProvisioningMode mode)
        {
            var text = Empty(Mode) ?? "Apply";
            if (string.Equals(text, "Status", StringComparison.OrdinalIgnoreCase))
            {
                mode = ProvisioningMode.DryRun;
                return true;
            }
            if (Enum.TryParse(text, ignoreCase: true, out mode) && Enum.IsDefined(typeof(ProvisioningMode), mode))
                return true;
            new MSBuildReporter(Log, ReportVerbosity.Normal, ReportedProjectFile).Error(Diagnostics.DiagnosticCodes.InvalidProperty,
                $"ConvexAuthKitMode is '{text}'; set it to Apply, DryRun or Verify.");
            return false;
        }

        private static ReportVerbosity ParseVerbosity(string? verbosity, string? mode)
        {
            if (string.Equals(mode, "Status", StringComparison.OrdinalIgnoreCase) || string.Equals(verbosity, "detailed", StringComparison.OrdinalIgnoreCase))
                return ReportVerbosity.Detailed;
            return string.Equals(verbosity, "quiet", StringComparison.OrdinalIgnoreCase) ? ReportVerbosity.Quiet : ReportVerbosity.Normal;
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
