using System.Linq;
using ConvexAuthKit.ConvexProject;

namespace ConvexAuthKit.Provisioning.ConfigMode
{
    /// <summary>authKit.dev.configure resolved into what to register with WorkOS (nothing when absent or false).</summary>
    internal static class ConfigRegistrations
    {
        public static WorkOSRegistrations For(AuthKitConfigure? configure, TemplateResolver resolver)
        {
            if (configure == null)
                return WorkOSRegistrations.None;
            return new WorkOSRegistrations(
                configure.RedirectUris.Select(resolver.Resolve).ToList(),
                configure.AppHomepageUrl == null ? null : resolver.Resolve(configure.AppHomepageUrl),
                configure.CorsOrigins.Select(resolver.Resolve).ToList());
        }
    }
}
