using System.Collections.Generic;

namespace ConvexAuthKit.Applying
{
    /// <summary>What the Apply stage did: the actions for the summary, in the CLI's order, and the local files it wrote (which the cache then records as written).</summary>
    public sealed class AppliedChanges
    {
        private readonly List<string> _actions = new List<string>();
        private readonly List<string> _writtenFiles = new List<string>();

        public IReadOnlyList<string> Actions => _actions;
        public IReadOnlyList<string> WrittenFiles => _writtenFiles;

        /// <summary>The list the steps add their actions to (the WorkOS registrations report into it in order).</summary>
        internal List<string> ActionList => _actions;

        internal void Wrote(string path) => _writtenFiles.Add(path);
    }
}
