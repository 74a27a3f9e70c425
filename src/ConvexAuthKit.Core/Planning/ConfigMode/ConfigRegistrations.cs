using System.Linq;
using ConvexAuthKit.Api;
using ConvexAuthKit.ConvexProject;

namespace ConvexAuthKit.Planning.ConfigMode
{
    /// <summary>
    /// authKit.dev.configure resolved into what to register with WorkOS (nothing when absent or false); every URL
    /// is checked once resolved (CAK0031 at its line).
    /// </summary>
    internal static class ConfigRegistrations
    {
        public static WorkOSRegistrations For(AuthKitConfigure? configure, TemplateResolver resolver)
        {
            if (configure == null)
                return WorkOSRegistrations.None;
            return new WorkOSRegistrations(
                configure.RedirectUris.Select(v => resolver.ResolveUrl(v, UrlRole.RedirectUri)).ToList(),
                configure.AppHomepageUrl == null ? null : resolver.ResolveUrl(configure.AppHomepageUrl, UrlRole.AppHomepage),
                configure.CorsOrigins.Select(v => resolver.ResolveUrl(v, UrlRole.Origin)).ToList());
        }
    }
}
