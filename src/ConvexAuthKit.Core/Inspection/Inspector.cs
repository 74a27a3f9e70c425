using System;
using ConvexAuthKit.Diagnostics;
using ConvexAuthKit.Options;

namespace ConvexAuthKit.Inspection
{
    /// <summary>What the dev and publish inspections share: the options, the run's input reader and the reporter, and reading only while the reader records.</summary>
    public abstract class Inspector<TSnapshot>
    {
        protected Inspector(ProvisioningOptions options, InputReader reader, IReporter reporter)
        {
            Options = options;
            Reader = reader;
            Reporter = reporter;
        }

        protected ProvisioningOptions Options { get; }
        protected InputReader Reader { get; }
        protected IReporter Reporter { get; }

        /// <summary>Inspects the project; every file read or looked for meanwhile is an input of the run.</summary>
        public TSnapshot Inspect()
        {
            using (Reader.Recording())
                return InspectRecorded();
        }

        protected abstract TSnapshot InspectRecorded();

        protected string Rel(string path) => ProjectFiles.Relative(Options, path);
    }
}
