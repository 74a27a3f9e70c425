using System;
using System.Collections.Generic;

namespace ConvexAuthKit.Api
{
    /// <summary>
    /// Remembers every secret a run has seen and masks it in any text about to leave the core
    /// (diagnostics, exception messages echoed from a server). Defence in depth: messages are written not to
    /// contain secrets in the first place.
    /// </summary>
    public sealed class SecretScrubber
    {
        private readonly List<string> _secrets = new List<string>();
        private readonly object _gate = new object();

        public Secret Track(string value)
        {
            // Very short values would mask ordinary words; real credentials are long.
            if (value.Length >= 8)
            {
                lock (_gate)
                {
                    if (!_secrets.Contains(value))
                        _secrets.Add(value);
                }
            }
            return new Secret(value);
        }

        public string Scrub(string text)
        {
            lock (_gate)
            {
                foreach (var secret in _secrets)
                {
                    if (text.IndexOf(secret, StringComparison.Ordinal) >= 0)
                        text = text.Replace(secret, "***");
                }
            }
            return text;
        }
    }
}
