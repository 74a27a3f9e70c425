using System.Collections.Generic;
using System.Linq;
using ConvexAuthKit.Api;
using ConvexAuthKit.Caching;
using ConvexAuthKit.Options;

namespace ConvexAuthKit.Inspection
{
    /// <summary>The settings part of what the cache depends on: what the options say, hashed.</summary>
    public static class RunSettings
    {
        /// <summary>
        /// The settings of a run in <paramref name="mode"/> (the options' own mode when null): the status target asks
        /// what an Apply build would find without changing the options it was given.
        /// </summary>
        public static IReadOnlyList<SettingInput> For(ProvisioningOptions options, ProvisioningMode? mode = null)
        {
            var settings = new List<SettingInput>
            {
                Setting("ProjectDir", options.ProjectDir),
                Setting("FrontendDir", options.FrontendDir),
                Setting("FrontendUrl", options.FrontendUrl),
                Setting("ProvisionHost", options.ResolvedProvisionHost(out _)),
                Setting("WorkOSApiUrl", options.WorkOSApiUrl),
                Setting("Mode", (mode ?? options.Mode).ToString()),
                Setting(SettingInput.ToolVersion, HttpTransport.ClientVersion + "/" + CacheSchema.FormatVersion),
            };
            // Only for a publish, so the dev cache of earlier versions stays valid.
            if (options.ForPublish)
                settings.Add(Setting("PublishDeployment", options.Deployment ?? ""));
            return settings;
        }

        public static IReadOnlyDictionary<string, SettingInput> ByName(ProvisioningOptions options, ProvisioningMode? mode = null) =>
            For(options, mode).ToDictionary(s => s.Name, s => s);

        private static SettingInput Setting(string name, string? value) => new SettingInput(name, InputHashes.OfValue(value));
    }
}
