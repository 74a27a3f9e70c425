using System.Collections.Generic;

namespace ConvexAuthKit.ConvexProject
{
    /// <summary>convex.json's <c>authKit</c> section, validated as the CLI's schema does (see <see cref="AuthKitConfigReader"/>).</summary>
    public sealed class AuthKitConfig
    {
        internal AuthKitConfig(AuthKitEnvironmentConfig? dev, AuthKitEnvironmentConfig? preview, AuthKitEnvironmentConfig? prod, int line)
        {
            Dev = dev;
            Preview = preview;
            Prod = prod;
            Line = line;
        }

        public AuthKitEnvironmentConfig? Dev { get; }
        public AuthKitEnvironmentConfig? Preview { get; }
        public AuthKitEnvironmentConfig? Prod { get; }
        /// <summary>Line of <c>"authKit"</c> in convex.json.</summary>
        public int Line { get; }
    }

    /// <summary>One of <c>authKit.dev</c>, <c>authKit.preview</c>, <c>authKit.prod</c>.</summary>
    public sealed class AuthKitEnvironmentConfig
    {
        internal AuthKitEnvironmentConfig(string name, string? environmentType, AuthKitConfigure? configure, IReadOnlyList<AuthKitLocalEnvVar>? localEnvVars, int line)
        {
            Name = name;
            EnvironmentType = environmentType;
            Configure = configure;
            LocalEnvVars = localEnvVars;
            Line = line;
        }

        /// <summary>"dev", "preview" or "prod".</summary>
        public string Name { get; }
        /// <summary>development, staging or production; only ever set under prod.</summary>
        public string? EnvironmentType { get; }
        /// <summary>What to register with WorkOS; null when absent or <c>false</c>.</summary>
        public AuthKitConfigure? Configure { get; }
        /// <summary>What to write to .env.local, in file order; null when absent or <c>false</c> (only ever set under dev).</summary>
        public IReadOnlyList<AuthKitLocalEnvVar>? LocalEnvVars { get; }
        public int Line { get; }
    }

    /// <summary><c>configure</c>: the WorkOS settings to apply, each a template.</summary>
    public sealed class AuthKitConfigure
    {
        internal AuthKitConfigure(IReadOnlyList<AuthKitValue> redirectUris, AuthKitValue? appHomepageUrl, IReadOnlyList<AuthKitValue> corsOrigins)
        {
            RedirectUris = redirectUris;
            AppHomepageUrl = appHomepageUrl;
            CorsOrigins = corsOrigins;
        }

        public IReadOnlyList<AuthKitValue> RedirectUris { get; }
        public AuthKitValue? AppHomepageUrl { get; }
        public IReadOnlyList<AuthKitValue> CorsOrigins { get; }

        public IEnumerable<AuthKitValue> All()
        {
            foreach (var v in RedirectUris)
                yield return v;
            if (AppHomepageUrl != null)
                yield return AppHomepageUrl;
            foreach (var v in CorsOrigins)
                yield return v;
        }
    }

    /// <summary>A template string in the authKit section, with where it is written (for diagnostics).</summary>
    public sealed class AuthKitValue
    {
        internal AuthKitValue(AuthKitTemplate template, string path, int line)
        {
            Template = template;
            Path = path;
            Line = line;
        }

        public AuthKitTemplate Template { get; }
        /// <summary>e.g. <c>authKit.dev.configure.redirectUris[0]</c>.</summary>
        public string Path { get; }
        public int Line { get; }
    }

    /// <summary>One entry of <c>localEnvVars</c>: a .env.local variable and the template of its value.</summary>
    public sealed class AuthKitLocalEnvVar
    {
        internal AuthKitLocalEnvVar(string name, AuthKitValue value)
        {
            Name = name;
            Value = value;
        }

        public string Name { get; }
        public AuthKitValue Value { get; }
        public AuthKitTemplate Template => Value.Template;
        public int Line => Value.Line;
    }
}
