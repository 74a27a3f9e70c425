using System.Collections.Generic;

namespace ConvexAuthKit.Planning
{
    /// <summary>What to register with the WorkOS environment, resolved: seed mode's defaults or convex.json's configure.</summary>
    public sealed class WorkOSRegistrations
    {
        public WorkOSRegistrations(IReadOnlyList<string> redirectUris, string? appHomepageUrl, IReadOnlyList<string> corsOrigins)
        {
            RedirectUris = redirectUris;
            AppHomepageUrl = appHomepageUrl;
            CorsOrigins = corsOrigins;
        }

        public IReadOnlyList<string> RedirectUris { get; }
        public string? AppHomepageUrl { get; }
        public IReadOnlyList<string> CorsOrigins { get; }

        public bool IsEmpty => RedirectUris.Count == 0 && AppHomepageUrl == null && CorsOrigins.Count == 0;

        public static readonly WorkOSRegistrations None = new WorkOSRegistrations(new string[0], null, new string[0]);

        /// <summary>For a read-only run's plan.</summary>
        public string Describe()
        {
            var parts = new List<string>();
            if (RedirectUris.Count > 0)
                parts.Add("redirect URI " + string.Join(", ", RedirectUris));
            if (AppHomepageUrl != null)
                parts.Add("app homepage URL " + AppHomepageUrl);
            if (CorsOrigins.Count > 0)
                parts.Add("CORS origin " + string.Join(", ", CorsOrigins));
            return string.Join(" and ", parts);
        }
    }
}
