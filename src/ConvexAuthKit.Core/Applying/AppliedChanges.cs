using System.Collections.Generic;

namespace ConvexAuthKit.Applying
{
    /// <summary>What the Apply stage did, for the summary: its actions in the CLI's order, whatever order the answers came in.</summary>
    public sealed class AppliedChanges
    {
        private readonly List<string> _actions = new List<string>();

        public IReadOnlyList<string> Actions => _actions;

        /// <summary>The list the steps add their actions to (the WorkOS registrations report into it in order).</summary>
        internal List<string> ActionList => _actions;
    }
}
