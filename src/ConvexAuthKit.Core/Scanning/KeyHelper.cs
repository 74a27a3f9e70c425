using System;
using System.Collections.Generic;

namespace ConvexAuthKit.Scanning
{
    /// <summary>
    /// A function that reads the environment variable named by (or built from) its parameters:
    /// <c>readEnv(name) { return process.env[name] }</c>, <c>workos(suffix) { return env["WORKOS_" + suffix] }</c>,
    /// or one that hands its parameter on to another such helper.
    /// </summary>
    internal sealed class KeyHelper
    {
        // Helpers calling helpers are followed this deep; a recursive helper stops here as undecidable.
        private const int MaxDepth = 8;

        private readonly Func<IReadOnlyList<string?>, int, IReadOnlyList<string>?> _keysFor;

        public KeyHelper(string description, Func<IReadOnlyList<string?>, int, IReadOnlyList<string>?> keysFor)
        {
            Description = description;
            _keysFor = keysFor;
        }

        /// <summary>How a read through it is phrased: "`readEnv()`", "`readEnv()` from ./env".</summary>
        public string Description { get; }

        /// <summary>
        /// The names one call reads, given the constant value of each argument (null where an argument is not
        /// constant); null when a key cannot be worked out from them.
        /// </summary>
        public IReadOnlyList<string>? KeysFor(IReadOnlyList<string?> arguments, int depth = 0) =>
            depth > MaxDepth ? null : _keysFor(arguments, depth);

        public KeyHelper DescribedAs(string description) => new KeyHelper(description, _keysFor);
    }
}
