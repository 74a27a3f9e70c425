using System;
using System.Collections.Generic;
using ConvexAuthKit.Diagnostics;

namespace ConvexAuthKit.Api
{
    /// <summary>
    /// Remembers every secret a run has seen and masks it in any text about to leave the core
    /// (diagnostics, exception messages echoed from a server). Defence in depth: messages are written not to
    /// contain secrets in the first place.
    /// </summary>
    public sealed class SecretScrubber : ITextScrubber
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
                text = ScrubCutSecrets(text);
            }
            return text;
        }

        /// <summary>
        /// Server text in a message is cut to a length with an ellipsis (ServerText); a secret the server echoed
        /// across that cut leaves only its start, which the whole-value pass cannot find. Masks such a start.
        /// </summary>
        private string ScrubCutSecrets(string text)
        {
            const int ShortestStart = 4;
            var cut = text.IndexOf('\u2026');
            while (cut >= 0)
            {
                foreach (var secret in _secrets)
                {
                    var masked = false;
                    for (var length = Math.Min(secret.Length - 1, cut); length >= ShortestStart; length--)
                    {
                        if (string.CompareOrdinal(text, cut - length, secret, 0, length) == 0)
                        {
                            text = text.Substring(0, cut - length) + "***" + text.Substring(cut);
                            cut = cut - length + 3;
                            masked = true;
                            break;
                        }
                    }
                    if (masked)
                        break;
                }
                cut = text.IndexOf('\u2026', cut + 1);
            }
            return text;
        }
    }
}
