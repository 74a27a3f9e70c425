using System;
using ConvexAuthKit.Credentials;
using ConvexAuthKit.Diagnostics;

namespace ConvexAuthKit.Inspection
{
    public enum RemoteKind
    {
        Prod,
        Preview,
    }

    /// <summary>
    /// The production or preview deployment a publish acts on, chosen as `npx convex deploy` chooses it:
    /// ConvexAuthKitDeployment (<c>prod</c>, <c>preview:&lt;name&gt;</c>), else a CONVEX_DEPLOY_KEY of a prod
    /// deployment or a preview deploy key (whose preview name comes from the CI's branch variable, as in the CLI).
    /// Empty or <c>dev</c> is the dev deployment, which the build itself handles (<see cref="Select"/> returns null).
    /// </summary>
    public sealed class DeploymentTarget
    {
        private DeploymentTarget(RemoteKind kind, string? previewName, string source)
        {
            Kind = kind;
            PreviewName = previewName;
            Source = source;
        }

        public RemoteKind Kind { get; }
        /// <summary>The preview's name (the branch) for <see cref="RemoteKind.Preview"/>.</summary>
        public string? PreviewName { get; }
        /// <summary>What chose it, for messages.</summary>
        public string Source { get; }

        /// <summary>The convex.json section that must exist: "prod" or "preview".</summary>
        public string SectionName => Kind == RemoteKind.Prod ? "prod" : "preview";

        public override string ToString() => Kind == RemoteKind.Prod ? "prod" : "preview:" + PreviewName;

        /// <summary>Whether the property value names dev (empty, "dev"): the build's own deployment.</summary>
        public static bool IsDev(string? property) =>
            string.IsNullOrWhiteSpace(property) || string.Equals(property!.Trim(), "dev", StringComparison.OrdinalIgnoreCase);

        /// <summary>Checks the property alone (no environment): CAK0111 for anything but empty, dev, prod, preview:&lt;name&gt;.</summary>
        public static void Validate(string? property)
        {
            if (IsDev(property))
                return;
            var text = property!.Trim();
            if (string.Equals(text, "prod", StringComparison.OrdinalIgnoreCase))
                return;
            if (text.StartsWith("preview:", StringComparison.OrdinalIgnoreCase) && IsPreviewName(text.Substring("preview:".Length)))
                return;
            throw new ConvexAuthKitException(DiagnosticCodes.DeploymentTargetInvalid,
                $"ConvexAuthKitDeployment is '{text}'; set it to prod, preview:<branch> (letters, digits, '-', '_', '/', '.'), or leave it empty for the dev deployment.");
        }

        /// <summary>
        /// The target, or null for dev. A deployment deploy key of another deployment, or of the wrong kind, is CAK0111
        /// (the CLI silently deploys to the key's deployment instead; a publish must not act on a deployment nobody named).
        /// </summary>
        public static DeploymentTarget? Select(string? property, DeployKey? deployKey, Func<string, string?> env)
        {
            Validate(property);
            if (!IsDev(property))
            {
                var text = property!.Trim();
                var target = text.StartsWith("preview:", StringComparison.OrdinalIgnoreCase)
                    ? new DeploymentTarget(RemoteKind.Preview, text.Substring("preview:".Length), "ConvexAuthKitDeployment")
                    : new DeploymentTarget(RemoteKind.Prod, null, "ConvexAuthKitDeployment");
                CheckKeyAgrees(target, deployKey);
                return target;
            }
            if (property != null && property.Trim().Length > 0)
                return null; // "dev" said explicitly: the key decides nothing here
            if (deployKey?.IsDeploymentKey == true && deployKey.DeploymentKind == "prod")
                return new DeploymentTarget(RemoteKind.Prod, null, "CONVEX_DEPLOY_KEY (a production deploy key)");
            if (deployKey?.Kind == DeployKeyKind.Preview)
            {
                var branch = BranchFromEnvironment(env, out var variable);
                if (branch == null)
                {
                    throw new ConvexAuthKitException(DiagnosticCodes.PreviewNameMissing,
                        "CONVEX_DEPLOY_KEY is a preview deploy key, but no preview name is known (no ConvexAuthKitDeployment=preview:<name>, and none of VERCEL_GIT_COMMIT_REF, HEAD (Netlify), CF_PAGES_BRANCH, GITHUB_HEAD_REF, CI_COMMIT_REF_NAME is set); set ConvexAuthKitDeployment=preview:<branch>.");
                }
                if (!IsPreviewName(branch))
                {
                    throw new ConvexAuthKitException(DiagnosticCodes.DeploymentTargetInvalid,
                        $"{variable} is '{branch}', which is not a usable preview name; set ConvexAuthKitDeployment=preview:<name> explicitly.");
                }
                return new DeploymentTarget(RemoteKind.Preview, branch, $"CONVEX_DEPLOY_KEY (a preview deploy key) and {variable}");
            }
            return null;
        }

        private static void CheckKeyAgrees(DeploymentTarget target, DeployKey? key)
        {
            if (key == null || key.Kind == DeployKeyKind.Project)
                return;
            if (key.Kind == DeployKeyKind.Preview && target.Kind == RemoteKind.Preview)
                return;
            if (key.IsDeploymentKey && key.DeploymentKind == "prod" && target.Kind == RemoteKind.Prod)
                return;
            var keyIs = key.Kind == DeployKeyKind.Preview ? "a preview deploy key" : $"the deploy key of {key.DeploymentKind}:{key.DeploymentName}";
            throw new ConvexAuthKitException(DiagnosticCodes.DeploymentTargetInvalid,
                $"ConvexAuthKitDeployment is {target}, but CONVEX_DEPLOY_KEY is {keyIs}; use {(target.Kind == RemoteKind.Prod ? "the production deployment's deploy key" : "a preview deploy key")} (Convex dashboard, deployment settings), or change ConvexAuthKitDeployment.");
        }

        /// <summary>The CLI's gitBranchFromEnvironment: the branch the CI platform is building, or null.</summary>
        private static string? BranchFromEnvironment(Func<string, string?> env, out string variable)
        {
            string[] names;
            if (!string.IsNullOrEmpty(env("VERCEL")))
                names = new[] { "VERCEL_GIT_COMMIT_REF" };
            else if (!string.IsNullOrEmpty(env("NETLIFY")))
                names = new[] { "HEAD" };
            else if (!string.IsNullOrEmpty(env("CF_PAGES")) || !string.IsNullOrEmpty(env("WORKERS_CI")))
                names = new[] { "CF_PAGES_BRANCH", "WORKERS_CI_BRANCH" };
            else if (!string.IsNullOrEmpty(env("CI")))
                names = new[] { "GITHUB_HEAD_REF", "CI_COMMIT_REF_NAME" };
            else
                names = new string[0];
            foreach (var name in names)
            {
                var value = env(name);
                if (!string.IsNullOrEmpty(value))
                {
                    variable = name;
                    return value;
                }
            }
            variable = "";
            return null;
        }

        private static bool IsPreviewName(string name)
        {
            if (name.Length == 0 || name.Length > 200)
                return false;
            foreach (var c in name)
            {
                if (!(c < 128 && (char.IsLetterOrDigit(c) || c == '-' || c == '_' || c == '/' || c == '.')))
                    return false;
            }
            return true;
        }

        /// <summary>
        /// The cache file a publish uses: the target's own when it can be told from the property and the process
        /// environment, else one shared publish file (a deploy key in .env.local; inputs still decide whether it is current).
        /// </summary>
        public static string PublishCacheFile(string? property, Func<string, string?> env, string devCacheFile)
        {
            try
            {
                var target = Select(property, ConvexCredentials.ReadDeployKey(env), env);
                if (target != null)
                    return target.CacheFileBeside(devCacheFile);
            }
            catch (ConvexAuthKitException)
            {
                // The run itself reports it.
            }
            return System.IO.Path.Combine(System.IO.Path.GetDirectoryName(devCacheFile) ?? "", "ConvexAuthKit.publish.cache.json");
        }

        /// <summary>The cache file of this target beside the dev one: its own entry, so prod, each preview and dev never share a result.</summary>
        public string CacheFileBeside(string devCacheFile)
        {
            var dir = System.IO.Path.GetDirectoryName(devCacheFile) ?? "";
            var key = Kind == RemoteKind.Prod ? "prod" : "preview-" + Caching.InputHashes.OfValue(PreviewName!).Substring(0, 16);
            return System.IO.Path.Combine(dir, "ConvexAuthKit." + key + ".cache.json");
        }
    }
}
