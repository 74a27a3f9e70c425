using System;

namespace ConvexAuthKit.ConvexProject
{
    public enum DeploymentKind
    {
        Dev,
        Prod,
        Preview,
        Local,
        Anonymous,
        /// <summary>A bare name: its kind is only known once Big Brain answers.</summary>
        Unknown,
    }

    /// <summary>CONVEX_DEPLOYMENT as written by `npx convex dev`: <c>dev:happy-animal-123 # team: acme, project: my-app</c>.</summary>
    public sealed class DeploymentSelection
    {
        private DeploymentSelection(DeploymentKind kind, string name)
        {
            Kind = kind;
            Name = name;
        }

        public DeploymentKind Kind { get; }
        public string Name { get; }

        /// <summary>The value with its prefix, as a message may show it (not a secret).</summary>
        public override string ToString() => Kind switch
        {
            DeploymentKind.Unknown => Name,
            _ => Kind.ToString().ToLowerInvariant() + ":" + Name,
        };

        /// <summary>Parses the value; null when it is empty after its trailing comment is removed.</summary>
        public static DeploymentSelection? Parse(string? value)
        {
            if (value == null)
                return null;
            var text = value;
            var hash = text.IndexOf('#');
            if (hash >= 0)
                text = text.Substring(0, hash);
            text = text.Trim();
            if (text.Length == 0)
                return null;

            var colon = text.IndexOf(':');
            if (colon < 0)
                return new DeploymentSelection(DeploymentKind.Unknown, text);

            var prefix = text.Substring(0, colon);
            var name = text.Substring(colon + 1).Trim();
            var kind = prefix switch
            {
                "dev" => DeploymentKind.Dev,
                "prod" => DeploymentKind.Prod,
                "preview" => DeploymentKind.Preview,
                "local" => DeploymentKind.Local,
                "anonymous" => DeploymentKind.Anonymous,
                _ => (DeploymentKind?)null,
            };
            return kind == null ? new DeploymentSelection(DeploymentKind.Unknown, text) : new DeploymentSelection(kind.Value, name);
        }
    }
}
