using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using ConvexAuthKit.EnvFiles;
using ConvexAuthKit.Frameworks;

namespace ConvexAuthKit.Planning
{
    /// <summary>
    /// The framework-specific variables seed mode writes (what the CLI wrote before convex.json's authKit section existed), in the CLI's order.
    /// </summary>
    public static class SeedEnvPlan
    {
        public static IReadOnlyList<EnvWrite> For(EnvFlavor flavor, string clientId, string? environmentId, string apiKey, string redirectUri, EnvFileDocument envFile)
        {
            var comment = environmentId == null ? null : WorkOSVariables.DashboardComment(environmentId);
            var writes = new List<EnvWrite>();
            switch (flavor)
            {
                case EnvFlavor.Vite:
                    writes.Add(new EnvWrite("VITE_WORKOS_CLIENT_ID", clientId, comment, replacesPlaceholder: HoldsPlaceholder(envFile, "VITE_WORKOS_CLIENT_ID", WorkOSVariables.ClientId)));
                    writes.Add(new EnvWrite("VITE_WORKOS_REDIRECT_URI", redirectUri));
                    break;
                case EnvFlavor.NextJs:
                case EnvFlavor.TanStackStart:
                    // The server-side SDKs: the same variables but for the redirect URI's name.
                    writes.Add(new EnvWrite(WorkOSVariables.ClientId, clientId, comment, replacesPlaceholder: HoldsPlaceholder(envFile, WorkOSVariables.ClientId, WorkOSVariables.ClientId)));
                    writes.Add(new EnvWrite(flavor == EnvFlavor.NextJs ? "NEXT_PUBLIC_WORKOS_REDIRECT_URI" : "WORKOS_REDIRECT_URI", redirectUri));
                    AddCookiePassword(writes, envFile);
                    writes.Add(new EnvWrite(WorkOSVariables.ApiKey, apiKey, isSecret: true, replacesPlaceholder: HoldsPlaceholder(envFile, WorkOSVariables.ApiKey, WorkOSVariables.ApiKey)));
                    break;
            }
            return writes;
        }

        /// <summary>
        /// Only when the file has no real assignment of it yet (a mention in a comment does not count: a CLI bug we
        /// fix), or when the one it has is the templates' published example or too short to be used (replaced).
        /// </summary>
        private static void AddCookiePassword(List<EnvWrite> writes, EnvFileDocument envFile)
        {
            var unusable = WorkOSPlaceholders.IsUnusableCookiePassword(envFile.GetValue(WorkOSVariables.CookiePassword));
            if (unusable || !envFile.HasAssignment(WorkOSVariables.CookiePassword))
                writes.Add(new EnvWrite(WorkOSVariables.CookiePassword, NewCookiePassword(), isSecret: true, replacesPlaceholder: unusable));
        }

        /// <summary>Seed mode replaces any differing value, as the CLI does; this only decides whether the summary calls it a placeholder.</summary>
        private static bool HoldsPlaceholder(EnvFileDocument envFile, string name, string credential) =>
            WorkOSPlaceholders.IsPlaceholder(credential, envFile.GetValue(name));

        /// <summary>32 random bytes, base64url without padding: 43 characters, as the CLI makes it.</summary>
        public static string NewCookiePassword()
        {
            var bytes = new byte[32];
            using (var rng = RandomNumberGenerator.Create())
                rng.GetBytes(bytes);
            return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        }
    }
}
