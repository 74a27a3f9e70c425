using System;
using ConvexAuthKit.Api;
using ConvexAuthKit.ConvexProject;
using ConvexAuthKit.Diagnostics;

namespace ConvexAuthKit.Planning.ConfigMode
{
    /// <summary>
    /// Fills the placeholders of convex.json's authKit.dev values: <c>${authEnv.X}</c> from the WorkOS credentials
    /// in use, <c>${buildEnv.X}</c> from the build's environment (real variables, then .env.local, then .env, as the
    /// CLI's process.env holds them). A placeholder without a value is CAK0010 pointing at its line.
    /// </summary>
    internal sealed class TemplateResolver
    {
        private readonly string _convexJsonPath;
        private readonly Func<string, string?> _environment;
        private readonly WorkOSCredentials? _credentials;

        /// <param name="credentials">Null to check only the buildEnv placeholders (before any request).</param>
        public TemplateResolver(string convexJsonPath, Func<string, string?> environment, WorkOSCredentials? credentials)
        {
            _convexJsonPath = convexJsonPath;
            _environment = environment;
            _credentials = credentials;
        }

        public string Resolve(AuthKitValue value)
        {
            var resolved = value.Template.Resolve(Lookup, out var missing);
            if (resolved != null)
                return resolved;
            throw new ConvexAuthKitException(DiagnosticCodes.ConvexJsonTemplateUnresolved,
                $"`{value.Path}` in convex.json uses {missing!.Text}, but {Why(missing)}.", _convexJsonPath, value.Line);
        }

        /// <summary>
        /// Resolves a redirect URI, CORS origin or app homepage URL and checks it is usable as one (CAK0031 at its
        /// line otherwise), so nothing malformed reaches WorkOS.
        /// </summary>
        public string ResolveUrl(AuthKitValue value, UrlRole role)
        {
            var resolved = Resolve(value);
            var problem = RegistrationUrls.Problem(resolved, role);
            if (problem == null)
                return resolved;
            var what = role == UrlRole.Origin ? "a CORS origin (http or https, host and optional port, nothing after them)"
                : role == UrlRole.RedirectUri ? "a redirect URI (an absolute http or https URL)"
                : "an app homepage URL (an absolute http or https URL)";
            var shown = value.Template.Placeholders.Count == 0 ? "" : " once its placeholders are filled in";
            throw new ConvexAuthKitException(DiagnosticCodes.ConvexJsonUrlInvalid,
                $"`{value.Path}` in convex.json{shown} {problem}, so it cannot be {what}; fix the value in convex.json.", _convexJsonPath, value.Line);
        }

        private string? Lookup(TemplatePlaceholder placeholder)
        {
            if (placeholder.Source == TemplateSource.BuildEnv)
                return _environment(placeholder.Name);
            if (_credentials == null)
                return "checked-later"; // a neutral token: the real value is only known after the first request
            switch (placeholder.Name)
            {
                case AuthKitTemplate.AuthEnvClientId: return _credentials.ClientId;
                case AuthKitTemplate.AuthEnvApiKey: return _credentials.ApiKey.Reveal;
                default: return _credentials.EnvironmentId;
            }
        }

        private static string Why(TemplatePlaceholder missing) => missing.Source == TemplateSource.BuildEnv
            ? $"{missing.Name} is not set in the build environment, .env.local or .env; set it, or change the value in convex.json"
            : $"the WorkOS credentials in use have no {missing.Name} (WORKOS_CLIENT_ID and WORKOS_API_KEY were given without it); set {missing.Name} with `npx convex env set`, or remove the placeholder";
    }
}
