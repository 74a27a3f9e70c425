using System;

namespace ConvexAuthKit.Api
{
    /// <summary>
    /// The shapes of WorkOS identifiers and keys. A value that does not have its shape is not a credential: either
    /// a placeholder copied from a template's <c>.env.local.example</c> (<c>client_your_client_id_here</c>,
    /// <c>sk_test_your_api_key_here</c>, <c>YOUR-WORKOS-CLIENT-ID</c>) or a server answer that must not be used.
    ///
    /// Ids are a prefix and a ULID: 26 characters of Crockford base32, upper case, the first one 0–7 (a ULID holds
    /// 128 bits in 130). API keys are <c>sk_test_</c> or <c>sk_live_</c> and an opaque base64-alphabet token;
    /// its length is not published, so anything from 20 to 512 letters and digits is accepted.
    /// </summary>
    public static class WorkOSShapes
    {
        public const string ClientIdPrefix = "client_";
        public const string EnvironmentIdPrefix = "environment_";
        private const int UlidLength = 26;
        private const int MinKeyTokenLength = 20;
        private const int MaxKeyTokenLength = 512;

        public static bool IsClientId(string? value) => IsPrefixedUlid(value, ClientIdPrefix);

        public static bool IsEnvironmentId(string? value) => IsPrefixedUlid(value, EnvironmentIdPrefix);

        public static bool IsApiKey(string? value)
        {
            if (value == null)
                return false;
            string prefix;
            if (value.StartsWith("sk_test_", StringComparison.Ordinal))
                prefix = "sk_test_";
            else if (value.StartsWith("sk_live_", StringComparison.Ordinal))
                prefix = "sk_live_";
            else
                return false;
            var length = value.Length - prefix.Length;
            if (length < MinKeyTokenLength || length > MaxKeyTokenLength)
                return false;
            for (var i = prefix.Length; i < value.Length; i++)
            {
                if (!IsAsciiLetterOrDigit(value[i]))
                    return false;
            }
            return true;
        }

        private static bool IsPrefixedUlid(string? value, string prefix)
        {
            if (value == null || value.Length != prefix.Length + UlidLength || !value.StartsWith(prefix, StringComparison.Ordinal))
                return false;
            if (value[prefix.Length] > '7' || value[prefix.Length] < '0')
                return false;
            for (var i = prefix.Length; i < value.Length; i++)
            {
                if (!IsCrockford(value[i]))
                    return false;
            }
            return true;
        }

        /// <summary>Crockford base32, upper case: digits and letters without I, L, O and U.</summary>
        private static bool IsCrockford(char c) =>
            (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z' && c != 'I' && c != 'L' && c != 'O' && c != 'U');

        private static bool IsAsciiLetterOrDigit(char c) =>
            (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }
}
