using System;
using System.Globalization;
using System.Linq;
using ConvexAuthKit.Options;
using ConvexAuthKit.Provisioning;

namespace ConvexAuthKit.Tasks
{
    /// <summary>
    /// Parses the task's string parameters. Each parser returns null and its value, or the text of a CAK0012 error
    /// naming the MSBuild property, the value given and the values allowed. Never throws, whatever the text.
    /// </summary>
    internal static class TaskProperties
    {
        /// <summary>The longest any of the three timeouts may be: an hour. Longer is a typo, and would overflow the timers.</summary>
        public const int MaxSeconds = 3600;

        private static readonly ProvisioningMode[] Modes = (ProvisioningMode[])Enum.GetValues(typeof(ProvisioningMode));

        /// <summary>Apply, DryRun, Verify or Status, any case; empty means Apply. Only names: "1" is not a mode.</summary>
        public static string? Mode(string? text, out ProvisioningMode mode)
        {
            mode = ProvisioningMode.Apply;
            if (string.IsNullOrWhiteSpace(text))
                return null;
            var trimmed = text!.Trim();
            foreach (var candidate in Modes)
            {
                if (string.Equals(candidate.ToString(), trimmed, StringComparison.OrdinalIgnoreCase))
                {
                    mode = candidate;
                    return null;
                }
            }
            // Status is the status target's own mode, so the message offers only the three a project sets.
            return $"ConvexAuthKitMode is '{text}'; set it to Apply, DryRun or Verify.";
        }

        /// <summary>quiet, normal or detailed, any case; empty means normal.</summary>
        public static string? Verbosity(string? text, out ReportVerbosity verbosity)
        {
            verbosity = ReportVerbosity.Normal;
            if (string.IsNullOrWhiteSpace(text))
                return null;
            switch (text!.Trim().ToLowerInvariant())
            {
                case "quiet":
                    verbosity = ReportVerbosity.Quiet;
                    return null;
                case "normal":
                    return null;
                case "detailed":
                    verbosity = ReportVerbosity.Detailed;
                    return null;
                default:
                    return $"ConvexAuthKitVerbosity is '{text}'; set it to quiet, normal or detailed.";
            }
        }

        /// <summary>A whole number of seconds from 1 to <see cref="MaxSeconds"/>; empty means <paramref name="fallback"/>.</summary>
        public static string? Seconds(string property, string? text, TimeSpan fallback, out TimeSpan value)
        {
            value = fallback;
            if (string.IsNullOrWhiteSpace(text))
                return null;
            var trimmed = text!.Trim();
            // Digits only (no sign, no separators, no exponent), so "1e3" or "0x10" is not silently some number.
            if (trimmed.All(c => c >= '0' && c <= '9')
                && int.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                && seconds >= 1 && seconds <= MaxSeconds)
            {
                value = TimeSpan.FromSeconds(seconds);
                return null;
            }
            return $"{property} is '{text}'; set it to a whole number of seconds from 1 to {MaxSeconds}.";
        }
    }
}
