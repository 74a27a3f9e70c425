using System;
using System.Globalization;

namespace ConvexAuthKit.Api
{
    /// <summary>What a URL is used for, which decides what it may contain.</summary>
    internal enum UrlRole
    {
        /// <summary>An OAuth redirect URI: any path and query, no fragment (RFC 6749 section 3.1.2).</summary>
        RedirectUri,
        /// <summary>The app homepage URL: any path and query.</summary>
        AppHomepage,
        /// <summary>A CORS origin, or the dev server URL the redirect URI and CORS origin are built from: scheme, host and port only.</summary>
        Origin,
    }

    /// <summary>
    /// The check every URL passes before it is registered with WorkOS or used to build one: a well-formed absolute
    /// http or https URL with a host, no user name or password, and no whitespace, control or invisible formatting
    /// character anywhere (such a character could change what a server, a log or a terminal makes of it). A CORS
    /// origin is scheme, host and port only: no path, not even a trailing '/', because browsers send origins
    /// without one and WorkOS compares them as strings.
    /// </summary>
    internal static class RegistrationUrls
    {
        /// <summary>Null when <paramref name="value"/> is usable in <paramref name="role"/>, else why not (one short clause).</summary>
        public static string? Problem(string value, UrlRole role)
        {
            if (value.Length == 0)
                return "is empty";
            if (value.Length > 2048)
                return "is longer than 2048 characters";
            foreach (var c in value)
            {
                if (char.IsWhiteSpace(c) || char.IsControl(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format)
                    return $"contains a whitespace or control character (U+{(int)c:X4})";
                if (c == '\\')
                    return "contains a backslash";
            }
            var schemeEnd = value.IndexOf("://", StringComparison.Ordinal);
            if (schemeEnd < 0)
                return "is not an absolute URL (it needs http:// or https://)";
            var scheme = value.Substring(0, schemeEnd);
            if (!string.Equals(scheme, "http", StringComparison.OrdinalIgnoreCase) && !string.Equals(scheme, "https", StringComparison.OrdinalIgnoreCase))
                return "uses a scheme other than http or https";
            if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
                return "is not a well-formed URL";
            var authorityEnd = value.IndexOfAny(new[] { '/', '?', '#' }, schemeEnd + 3);
            var authority = authorityEnd < 0 ? value.Substring(schemeEnd + 3) : value.Substring(schemeEnd + 3, authorityEnd - schemeEnd - 3);
            if (authority.IndexOf('@') >= 0 || uri.UserInfo.Length > 0)
                return "contains a user name or password";
            if (authority.Length == 0)
                return "has no host";

            switch (role)
            {
                case UrlRole.Origin:
                    if (authorityEnd >= 0)
                        return "is not an origin (nothing may follow the host and port, not even a '/')";
                    break;
                case UrlRole.RedirectUri:
                    if (value.IndexOf('#') >= 0)
                        return "has a fragment ('#'), which a redirect URI may not have";
                    break;
            }
            return null;
        }
    }
}
