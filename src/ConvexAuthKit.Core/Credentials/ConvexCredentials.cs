using System;
using System.IO;
using System.Text.Json;
using ConvexAuthKit.Diagnostics;
using ConvexAuthKit.Files;

namespace ConvexAuthKit.Credentials
{
    public enum DeployKeyKind
    {
        /// <summary><c>dev:name|secret</c> or <c>prod:name|secret</c>: admin access to one deployment, no Big Brain rights.</summary>
        Deployment,
        /// <summary><c>preview:team:project|secret</c>: creates preview deployments; never provisioned here.</summary>
        Preview,
        /// <summary><c>project:team:project|secret</c> (or another key form): used as the Big Brain bearer for the project.</summary>
        Project,
    }

    /// <summary>A deploy key (CONVEX_DEPLOY_KEY), classified as the CLI classifies it.</summary>
    public sealed class DeployKey
    {
        internal DeployKey(string value, DeployKeyKind kind, string? deploymentKind = null, string? deploymentName = null)
        {
            Value = value;
            Kind = kind;
            DeploymentKind = deploymentKind;
            DeploymentName = deploymentName;
        }

        /// <summary>The secret itself: send it, never print it.</summary>
        internal string Value { get; }
        public DeployKeyKind Kind { get; }
        /// <summary>"dev" or "prod" for a deployment key, else null.</summary>
        public string? DeploymentKind { get; }
        public string? DeploymentName { get; }
        public bool IsDeploymentKey => Kind == DeployKeyKind.Deployment;
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
        /// The folder holding the CLI's config.json. Whenever CONVEX_PROVISION_HOST is set (to anything) the CLI
        /// switches to <c>~/.convex-test</c> (no port, or port 8050) or <c>~/.convex-test-&lt;port&gt;</c> so test
        /// credentials never mix with real ones; we follow the same rule, reading the port from the text as the
        /// CLI does (so an explicit <c>:443</c> is a port of its own).
        /// </summary>
        public static string ConfigDirectory(string homeDir, string? provisionHost)
        {
            if (string.IsNullOrEmpty(provisionHost))
                return Path.Combine(homeDir, ".convex");
            var port = PortOf(provisionHost!);
            return port == null || port == "8050"
                ? Path.Combine(homeDir, ".convex-test")
                : Path.Combine(homeDir, ".convex-test-" + port);
        }

        /// <summary>The text after the URL's second ':' up to any path, or null (<c>http://localhost:6790/</c> gives "6790").</summary>
        private static string? PortOf(string host)
        {
            var first = host.IndexOf(':');
            var second = first < 0 ? -1 : host.IndexOf(':', first + 1);
            if (second < 0)
                return null;
            var port = host.Substring(second + 1);
            var slash = port.IndexOf('/');
            if (slash >= 0)
                port = port.Substring(0, slash);
            return port.Length == 0 ? null : port;
        }

        /// <summary>The access token, or null when the user is not logged in.</summary>
        public static string? ReadAccessToken(Func<string, string?> env, string homeDir, string? provisionHost, out string configFile)
        {
            configFile = Path.Combine(ConfigDirectory(homeDir, provisionHost), "config.json");
            var overridden = env("CONVEX_OVERRIDE_ACCESS_TOKEN");
            if (!string.IsNullOrEmpty(overridden))
                return overridden;
            if (!File.Exists(configFile))
                return null;

            try
            {
                using var doc = JsonDocument.Parse(InputFiles.ReadAllText(configFile, 1024 * 1024));
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
                if (prefix.StartsWith("preview:", StringComparison.Ordinal))
                    return new DeployKey(raw, DeployKeyKind.Preview);
                if (prefix.StartsWith("project:", StringComparison.Ordinal))
                    return new DeployKey(raw, DeployKeyKind.Project);
                var colon = prefix.IndexOf(':');
                if (colon > 0)
                {
                    var kind = prefix.Substring(0, colon);
                    var name = prefix.Substring(colon + 1);
                    if ((kind == "dev" || kind == "prod") && name.Length > 0 && name.IndexOf(':') < 0)
                        return new DeployKey(raw, DeployKeyKind.Deployment, kind, name);
                }
                return new DeployKey(raw, DeployKeyKind.Project);
            }
            throw new ConvexAuthKitException(DiagnosticCodes.DeployKeyInvalid,
                "CONVEX_DEPLOY_KEY is not a Convex deploy key (expected `dev:<name>|<secret>` or a project key); copy it again from the Convex dashboard.");
        }
    }
}
