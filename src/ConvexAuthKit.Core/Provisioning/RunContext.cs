using System.Linq;
using ConvexAuthKit.Api;
using ConvexAuthKit.Caching;
using ConvexAuthKit.Diagnostics;
using ConvexAuthKit.Inspection;
using ConvexAuthKit.Options;

namespace ConvexAuthKit.Provisioning
{
    /// <summary>What every stage of one run shares: the options, the reporter (which masks every secret the run has seen), and the run's input reader.</summary>
    internal sealed class RunContext
    {
        public RunContext(ProvisioningOptions options, IReporter reporter, SecretScrubber scrubber)
        {
            Options = options;
            Scrubber = scrubber;
            Reporter = new ScrubbingReporter(reporter, scrubber);
            Reader = new InputReader(options.Environment, RunSettings.For(options));
        }

        public ProvisioningOptions Options { get; }
        public IReporter Reporter { get; }
        public SecretScrubber Scrubber { get; }
        public InputReader Reader { get; }
        public bool Applying => Options.Mode == ProvisioningMode.Apply;

        /// <summary>The result of the run, with the inputs it read (and the files it wrote, as it left them), and the .env.local a dev run owns.</summary>
        public ProvisioningResult Done(RunEffect effect, string summary, string? envLocalFile = null) =>
            new ProvisioningResult(effect, Scrubber.Scrub(summary), Reader.Inputs.ToList(), envLocalFile);

        public string Relative(string path) => ProjectFiles.Relative(Options, path);
    }
}
