using System;
using ConvexAuthKit.EnvFiles;

namespace ConvexAuthKit.Provisioning
{
    /// <summary>
    /// The WORKOS_* variables the build itself sees (real environment, then .env.local, then .env; empty counts as
    /// unset), which the CLI puts before the deployment's values. Each value remembers where it came from, so a
    /// mismatch can say which line to change.
    /// </summary>
    internal sealed class BuildWorkOSVariables
    {
        private readonly Func<string, string?> _environment;
        private readonly Func<string, string?> _realEnvironment;
        private readonly EnvFileDocument _envLocal;
        private readonly string _envLocalName;

        public BuildWorkOSVariables(Func<string, string?> environment, Func<string, string?> realEnvironment, EnvFileDocument envLocal, string envLocalName)
        {
            _environment = environment;
            _realEnvironment = realEnvironment;
            _envLocal = envLocal;
            _envLocalName = envLocalName;
        }

        /// <summary>The non-empty value of <paramref name="name"/>, or null.</summary>
        public string? Get(string name)
        {
            var value = _environment(name);
            return string.IsNullOrEmpty(value) ? null : value;
        }

        /// <summary>Where <see cref="Get"/> found <paramref name="name"/>: "the build environment", ".env.local" or ".env".</summary>
        public string SourceOf(string name)
        {
            if (_realEnvironment(name) != null)
                return "the build environment";
            return _envLocal.GetValue(name) != null ? _envLocalName : ".env";
        }
    }
}
