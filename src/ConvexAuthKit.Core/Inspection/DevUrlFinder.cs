using ConvexAuthKit.Diagnostics;
using ConvexAuthKit.Frameworks;
using ConvexAuthKit.Options;
using ConvexAuthKit.Api;

namespace ConvexAuthKit.Inspection
{
    /// <summary>
    /// The dev server origin, from the first source that gives one: ConvexAuthKitFrontendUrl, the project's
    /// SpaProxyServerUrl (both arrive as FrontendUrl), the port the frontend's own config sets, the framework default.
    /// </summary>
    internal static class DevUrlFinder
    {
        public static string Find(ProvisioningOptions options, string frontendDir, Framework? framework, out string source)
        {
            if (!string.IsNullOrWhiteSpace(options.FrontendUrl))
            {
                source = options.FrontendUrlSource ?? "ConvexAuthKitFrontendUrl";
                var url = options.FrontendUrl!.Trim().TrimEnd('/');
                // It becomes the CORS origin and the start of the redirect URI: checked before any request.
                var problem = RegistrationUrls.Problem(url, UrlRole.Origin);
                if (problem != null)
                {
                    throw new ConvexAuthKitException(DiagnosticCodes.FrontendUrlInvalid,
                        $"{source} {problem}, so it cannot be the dev server's origin; set it to one such as http://localhost:5173 (scheme, host and port only).");
                }
                return url;
            }
            var configured = DevServerPort.Find(frontendDir, framework);
            if (configured != null)
            {
                source = "the port set in " + ProjectFiles.Relative(options, configured.Value.File);
                return "http://localhost:" + configured.Value.Port;
            }
            if (framework?.DevUrl != null)
            {
                source = framework.Name + " default";
                return framework.DevUrl;
            }
            source = "fallback";
            return FrameworkDetector.FallbackDevUrl;
        }
    }
}
