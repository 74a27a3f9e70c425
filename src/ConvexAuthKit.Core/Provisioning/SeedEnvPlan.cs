using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using ConvexAuthKit.EnvFiles;
using ConvexAuthKit.Frameworks;

namespace ConvexAuthKit.Provisioning
{
    /// <summary>
    /// The framework-specific variables seed mode writes (reference §6.1), in the CLI's order.
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
                    writes.Add(new EnvWrite("VITE_WORKOS_CLIENT_ID", clientId, comment));
                    writes.Add(new EnvWrite("VITE_WORKOS_REDIRECT_URI", redirectUri));
                    break;
                case EnvFlavor.NextJs:
                    writes.Add(new EnvWrite(WorkOSVariables.ClientId, clientId, comment));
                    writes.Add(new EnvWrite("NEXT_PUBLIC_WORKOS_REDIRECT_URI", redirectUri));
                    AddCookiePassword(writes, envFile);
                    writes.Add(new EnvWrite(WorkOSVariables.ApiKey, apiKey, isSecret: true));
                    break;
                case EnvFlavor.TanStackStart:
                    writes.Add(new EnvWrite(WorkOSVariables.ClientId, clientId, comment));
                    writes.Add(new EnvWrite("WORKOS_REDIRECT_URI", redirectUri));
                    AddCookiePassword(writes, envFile);
                    writes.Add(new EnvWrite(WorkOSVariables.ApiKey, apiKey, isSecret: true));
                    break;
            }
            return writes;
        }

        /// <summary>Only when the file has no real assignment of it yet (a mention in a comment does not count: a CLI bug we fix).</summary>
        private static void AddCookiePassword(List<EnvWrite> writes, EnvFileDocument envFile)
        {
            if (!envFile.HasAssignment(WorkOSVariables.CookiePassword))
                writes.Add(new EnvWrite(WorkOSVariables.CookiePassword, NewCookiePassword(), isSecret: true));
        }

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
