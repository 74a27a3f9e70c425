using System;

namespace ConvexAuthKit.Api
{
    /// <summary>
    /// The shapes of values Convex sends that we go on to use in a request (an origin, a key for a header) or to
    /// choose what to do (an error code). A value that does not have its shape is never used.
    /// </summary>
    public static class ServerShapes
    {
        private const int MaxErrorCodeLength = 80;
        private const int MaxKeyLength = 4096;
        private const int MaxOriginLength = 2048;

        /// <summary>An error <c>code</c> we may compare and show: 1–80 of <c>A-Z a-z 0-9 _ .</c> (Convex's <c>DeploymentNotFound</c>, WorkOS's <c>duplicate_cors_origin</c>).</summary>
        public static bool IsErrorCode(string? value)
        {
            if (value == null || value.Length == 0 || value.Length > MaxErrorCodeLength)
                return false;
            foreach (var c in value)
            {
                if (!(IsAsciiLetterOrDigit(c) || c == '_' || c == '.'))
                    return false;
            }
            return true;
        }

        /// <summary>
        /// A key Convex hands out for the <c>Authorization</c> header (an admin key <c>dev:happy-animal-123|…</c>): a
        /// prefix of letters, digits, <c>: _ -</c>, a <c>|</c>, and a token of visible ASCII, at most 4096 characters.
        /// </summary>
        public static bool IsAdminKey(string? value)
        {
            if (value == null || value.Length > MaxKeyLength || !IsHeaderToken(value))
                return false;
            var bar = value.IndexOf('|');
            if (bar <= 0 || bar == value.Length - 1)
                return false;
            for (var i = 0; i < bar; i++)
            {
                var c = value[i];
                if (!(IsAsciiLetterOrDigit(c) || c == ':' || c == '_' || c == '-'))
                    return false;
            }
            return true;
        }

        /// <summary>
        /// Whether <paramref name="value"/> can go in an HTTP header as one token: 1 or more visible ASCII
        /// characters (no space, no control character, nothing that could end the header line).
        /// </summary>
        public static bool IsHeaderToken(string? value)
        {
            if (string.IsNullOrEmpty(value))
                return false;
            foreach (var c in value!)
            {
                if (c <= 0x20 || c >= 0x7F)
                    return false;
            }
            return true;
        }

        /// <summary>
        /// A deployment origin as Convex returns it (<c>https://happy-animal-123.convex.cloud</c>): an absolute
        /// http(s) URL of visible ASCII with a host and nothing after it but an optional <c>/</c>: no user info,
        /// path, query or fragment. Returns the origin, or null with the reason.
        /// </summary>
        public static Uri? ParseOrigin(string? value, out string? problem)
        {
            problem = null;
            if (string.IsNullOrEmpty(value))
            {
                problem = "it is empty";
                return null;
            }
            if (value!.Length > MaxOriginLength || !IsHeaderToken(value))
            {
                problem = "it holds spaces, control or non-ASCII characters, or is too long";
                return null;
            }
            if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != "https" && uri.Scheme != "http") || uri.Host.Length == 0)
            {
                problem = "it is not an absolute http(s) URL";
                return null;
            }
            // Uri accepts "https://host?x" and "https://user@host"; an origin has neither.
            var afterScheme = value.Substring(uri.Scheme.Length + 3);
            if (uri.UserInfo.Length > 0 || afterScheme.IndexOf('@') >= 0)
                problem = "it carries user information";
            else if (uri.Query.Length > 0 || uri.Fragment.Length > 0 || afterScheme.IndexOfAny(new[] { '?', '#', '\\' }) >= 0)
                problem = "it has a query or fragment";
            else if (uri.AbsolutePath != "/" || (afterScheme.IndexOf('/') >= 0 && afterScheme.IndexOf('/') != afterScheme.Length - 1))
                problem = "it has a path";
            if (problem != null)
                return null;
            return new Uri(uri.GetLeftPart(UriPartial.Authority) + "/");
        }

        /// <summary>A deployment variable name as Convex allows it: a letter, then letters, digits and underscores.</summary>
        public static bool IsVariableName(string? value)
        {
            if (value == null || value.Length == 0 || value.Length > 256 || !IsAsciiLetter(value[0]))
                return false;
            foreach (var c in value)
            {
                if (!(IsAsciiLetterOrDigit(c) || c == '_'))
                    return false;
            }
            return true;
        }

        /// <summary>An email address as a server may list it: visible ASCII or letters, one <c>@</c> inside, at most 254 characters.</summary>
        public static bool IsEmail(string? value)
        {
            if (value == null || value.Length < 3 || value.Length > 254)
                return false;
            var at = value.IndexOf('@');
            if (at <= 0 || at != value.LastIndexOf('@') || at == value.Length - 1)
                return false;
            foreach (var c in value)
            {
                if (c <= 0x20 || (c >= 0x7F && c <= 0x9F) || char.IsWhiteSpace(c) || char.IsControl(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format)
                    return false;
            }
            return true;
        }

        private static bool IsAsciiLetter(char c) => (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');

        private static bool IsAsciiLetterOrDigit(char c) => IsAsciiLetter(c) || (c >= '0' && c <= '9');
    }
}
