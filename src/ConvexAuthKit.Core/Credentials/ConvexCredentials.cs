using System;
using System.IO;
using System.Text.Json;
using ConvexAuthKit.Diagnostics;

namespace ConvexAuthKit.Credentials
{
    /// <summary>A deploy key (CONVEX_DEPLOY_KEY): <c>dev:name|secret</c> for one deployment, or a project/team key.</summary>
    public sealed class DeployKey
    {
        internal DeployKey(string value, string? deploymentKind, string? deploymentName)
        {
            Value = value;
            DeploymentKind = deploymentKind;
            DeploymentName = deploymentName;
        }

        /// <summary>The secret itself: send it, never print it.</summary>
        internal string Value { get; }
        /// <summary>"dev" or "prod" for a deployment key, else null.</summary>
        public string? DeploymentKind { get; }
        public string? DeploymentName { get; }
        public bool IsDeploymentKey => DeploymentName != null;
    }

    /// <summary>
    /// Where the Convex CLI keeps its credentials, read the same way: CONVEX_OVERRIDE_ACCESS_TOKEN, else the
    /// accessToken in the CLI's config file; deploy keys from CONVEX_DEPLOY_KEY / CONVEX_DEPLOYMENT_TOKEN.
    /// Nothing here is ever logged.
    /// </summary>
    public static class ConvexCredentials
    {
        public const string IgnoreDeployKeySentinel = "<ignore_deploy_key>";
        private const string MissingDeployKeyPrefix = "<missing_deploy_key:";

        /// <summary>
        /// The folder holding the CLI's config.json. When CONVEX_PROVISION_HOST is set the CLI switches to
        /// <c>~/.convex-test</c> (no port, or port 8050) or <c>~/.convex-test-&lt;port&gt;</c> so test
        /// credentials never mix with real ones; we follow the same rule.
        /// </summary>
        public static string ConfigDirectory(string homeDir, string? provisionHostOverride)
        {
            if (string.IsNullOrEmpty(provisionHostOverride))
                return Path.Combine(homeDir, ".convex");
            int port = -1;
            if (Uri.TryCreate(provisionHostOverride, UriKind.Absolute, out var uri) && !uri.IsDefaultPort)
                port = uri.Port;
            return port == -1 || port == 8050
                ? Path.Combine(homeDir, ".convex-test")
                : Path.Combine(homeDir, ".convex-test-" + port);
        }

        /// <summary>The access token, or null when the user is not logged in.</summary>
        public static string? ReadAccessToken(Func<string, string?> env, string homeDir, string? provisionHostOverride, out string configFile)
        {
            configFile = Path.Combine(ConfigDirectory(homeDir, provisionHostOverride), "config.json");
            var overridden = env("CONVEX_OVERRIDE_ACCESS_TOKEN");
            if (!string.IsNullOrEmpty(overridden))
                return overridden;
            if (!File.Exists(configFile))
                return null;

            try
            {
                using var doc = JsonDocument.Parse(File.ReadAllText(configFile));
                if (doc.RootElement.ValueKind == JsonValueKind.Object
                    && doc.RootElement.TryGetProperty("accessToken", out var token)
                    && token.ValueKind == JsonValueKind.String
                    && !string.IsNullOrEmpty(token.GetString()))
                {
                    return token.GetString();
                }
                return null;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is JsonException)
            {
                // The exception text is safe (no token in it): JsonException only names positions.
                throw new ConvexAuthKitException(DiagnosticCodes.CliConfigUnreadable,
                    $"The Convex CLI's credentials file could not be read ({e.GetType().Name}); run `npx convex login` to write it again.",
                    configFile, 0, e);
            }
        }

        /// <summary>The deploy key from the environment, honouring the CLI's sentinels; null when there is none.</summary>
        public static DeployKey? ReadDeployKey(Func<string, string?> env)
        {
            var raw = env("CONVEX_DEPLOY_KEY");
            if (string.IsNullOrEmpty(raw))
                raw = env("CONVEX_DEPLOYMENT_TOKEN");
            if (string.IsNullOrEmpty(raw) || raw == IgnoreDeployKeySentinel)
                return null;
            if (raw!.StartsWith(MissingDeployKeyPrefix, StringComparison.Ordinal) && raw.EndsWith(">", StringComparison.Ordinal))
            {
                var message = raw.Substring(MissingDeployKeyPrefix.Length, raw.Length - MissingDeployKeyPrefix.Length - 1);
                throw new ConvexAuthKitException(DiagnosticCodes.DeployKeyInvalid,
                    $"CONVEX_DEPLOY_KEY says: {message}; set a real deploy key or unset CONVEX_DEPLOY_KEY.");
            }

            var bar = raw.IndexOf('|');
            if (bar > 0)
            {
                var prefix = raw.Substring(0, bar);
                var colon = prefix.IndexOf(':');
                if (colon > 0)
                {
                    var kind = prefix.Substring(0, colon);
                    if (kind == "dev" || kind == "prod" || kind == "preview")
                        return new DeployKey(raw, kind, prefix.Substring(colon + 1));
                }
                return new DeployKey(raw, null, null);
            }
            throw new ConvexAuthKitException(DiagnosticCodes.DeployKeyInvalid,
                "CONVEX_DEPLOY_KEY is not a Convex deploy key (expected `dev:<name>|<secret>` or a project key); copy it again from the Convex dashboard.");
        }
    }
}
