using System;
using ConvexAuthKit.EnvFiles;

namespace ConvexAuthKit.Planning
{
    /// <summary>
    /// The WORKOS_* variables the build itself sees (real environment, then .env.local, then .env; empty counts as
    /// unset). Only a value with the shape of a WorkOS id or key counts: anything else is a placeholder (see
    /// <see cref="WorkOSPlaceholders"/>) and reads as unset. Each value remembers where it came from, so a mismatch
    /// can say which line to change.
    /// </summary>
    public sealed class BuildWorkOSVariables
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

        /// <summary>The value of the credential <paramref name="name"/> when it has a real WorkOS shape, else null.</summary>
        public string? Get(string name)
        {
            var value = _environment(name);
            return WorkOSPlaceholders.IsRealShaped(name, value) ? value : null;
        }

        /// <summary>The value as the build has it, shaped or not (only for scrubbing it from output).</summary>
        public string? Raw(string name) => _environment(name);

        /// <summary>Whether the build gives <paramref name="name"/> a non-empty value that is not a real WorkOS id or key.</summary>
        public bool HasPlaceholder(string name) => WorkOSPlaceholders.IsPlaceholder(name, _environment(name));

        /// <summary>Where the build's value of <paramref name="name"/> comes from: "the build environment", ".env.local" or ".env".</summary>
        public string SourceOf(string name)
        {
            if (_realEnvironment(name) != null)
                return "the build environment";
            return _envLocal.GetValue(name) != null ? _envLocalName : ".env";
        }

        /// <summary>Whether the value comes from the real process environment (which .env.local cannot override).</summary>
        public bool IsFromRealEnvironment(string name) => !string.IsNullOrEmpty(_realEnvironment(name));
    }
}
