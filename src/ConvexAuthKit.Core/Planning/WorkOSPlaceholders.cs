using System;
using ConvexAuthKit.Api;

namespace ConvexAuthKit.Planning
{
    /// <summary>
    /// Tells a WorkOS credential from a placeholder. The official templates' <c>.env.local.example</c> files hold
    /// values such as <c>client_your_client_id_here</c>, <c>sk_test_your_api_key_here</c> and
    /// <c>YOUR-WORKOS-CLIENT-ID</c>; a user who follows their README copies them into <c>.env.local</c>. A value
    /// without the shape of a WorkOS id or key (<see cref="WorkOSShapes"/>) is never used as a credential, sent
    /// anywhere, or written to a deployment: the run treats it as unset, and replaces it in <c>.env.local</c>.
    /// </summary>
    internal static class WorkOSPlaceholders
    {
        /// <summary>
        /// The Next.js and TanStack Start templates' example cookie password: published, so it protects nothing.
        /// </summary>
        public const string ExampleCookiePassword = "your_secure_password_here_must_be_at_least_32_characters_long";

        /// <summary>The AuthKit SDKs (iron-session) refuse a cookie password shorter than this.</summary>
        public const int MinCookiePasswordLength = 32;

        /// <summary>Whether <paramref name="name"/> is one of the three WorkOS credential variables whose shape is known.</summary>
        public static bool IsCredentialName(string name) =>
            name == WorkOSVariables.ClientId || name == WorkOSVariables.EnvironmentId || name == WorkOSVariables.ApiKey;

        /// <summary>Whether <paramref name="value"/> has the shape a real value of the credential <paramref name="name"/> has.</summary>
        public static bool IsRealShaped(string name, string? value)
        {
            switch (name)
            {
                case WorkOSVariables.ClientId: return WorkOSShapes.IsClientId(value);
                case WorkOSVariables.EnvironmentId: return WorkOSShapes.IsEnvironmentId(value);
                case WorkOSVariables.ApiKey:
                case WorkOSVariables.LegacyApiKey:
                    return WorkOSShapes.IsApiKey(value);
                default: throw new ArgumentException("Not a WorkOS credential variable: " + name, nameof(name));
            }
        }

        /// <summary>A non-empty value that is not a usable credential of that kind.</summary>
        public static bool IsPlaceholder(string name, string? value) => !string.IsNullOrEmpty(value) && !IsRealShaped(name, value);

        /// <summary>
        /// A cookie password that must be replaced: the templates' published example, or one too short for the
        /// AuthKit SDKs to start with (they throw at the first request).
        /// </summary>
        public static bool IsUnusableCookiePassword(string? value) =>
            !string.IsNullOrEmpty(value) && (value == ExampleCookiePassword || value!.Length < MinCookiePasswordLength);
    }
}
