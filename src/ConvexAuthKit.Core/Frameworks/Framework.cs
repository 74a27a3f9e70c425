namespace ConvexAuthKit.Frameworks
{
    /// <summary>Which .env.local variables a frontend framework gets in seed mode (docs/cli-rules.md#seed-mode).</summary>
    public enum EnvFlavor
    {
        /// <summary>The CLI writes nothing for this framework; the user fills .env.local by hand.</summary>
        None,
        Vite,
        NextJs,
        TanStackStart,
    }

    /// <summary>A frontend framework as the Convex CLI recognises it (docs/cli-rules.md#frameworks).</summary>
    public sealed class Framework
    {
        public Framework(string name, string dependency, string? devUrl, string? publicPrefix, EnvFlavor flavor)
        {
            Name = name;
            Dependency = dependency;
            DevUrl = devUrl;
            PublicPrefix = publicPrefix;
            Flavor = flavor;
        }

        public string Name { get; }
        /// <summary>The package.json dependency that identified it.</summary>
        public string Dependency { get; }
        /// <summary>The framework's default dev-server origin, or null when it has none (Expo).</summary>
        public string? DevUrl { get; }
        public string? PublicPrefix { get; }
        public EnvFlavor Flavor { get; }

        /// <summary>True for frameworks whose server side needs WORKOS_API_KEY and a cookie password.</summary>
        public bool HasServerSession => Flavor == EnvFlavor.NextJs || Flavor == EnvFlavor.TanStackStart;

        public override string ToString() => Name;
    }
}
