using System.Collections.Generic;
using System.Linq;

namespace ConvexAuthKit.Planning
{
    /// <summary>Variables to set on a deployment in one update_environment_variables call, in order, and how the summary says it.</summary>
    public sealed class DeploymentUpdate
    {
        public DeploymentUpdate(IReadOnlyList<KeyValuePair<string, string?>> changes, string action)
        {
            Changes = changes;
            Action = action;
        }

        public IReadOnlyList<KeyValuePair<string, string?>> Changes { get; }
        /// <summary>What the summary says once it is done ("set WORKOS_CLIENT_ID on happy-animal-123").</summary>
        public string Action { get; }

        public IEnumerable<string> Names => Changes.Select(c => c.Key);
    }
}
