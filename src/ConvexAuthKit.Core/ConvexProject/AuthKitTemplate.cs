using System;
using System.Collections.Generic;
using System.Text;
using System.Text.RegularExpressions;

namespace ConvexAuthKit.ConvexProject
{
    /// <summary>What a <c>${…}</c> placeholder in convex.json's authKit section stands for.</summary>
    public enum TemplateSource
    {
        /// <summary><c>${authEnv.WORKOS_CLIENT_ID}</c> and its two siblings: the WorkOS credentials in use.</summary>
        AuthEnv,
        /// <summary><c>${buildEnv.NAME}</c>: an environment variable of the build.</summary>
        BuildEnv,
    }

    public sealed class TemplatePlaceholder
    {
        internal TemplatePlaceholder(string text, TemplateSource source, string name)
        {
            Text = text;
            Source = source;
            Name = name;
        }

        /// <summary>As written, e.g. <c>${buildEnv.VERCEL_URL}</c>.</summary>
        public string Text { get; }
        public TemplateSource Source { get; }
        /// <summary>The variable name after the dot.</summary>
        public string Name { get; }
    }

    /// <summary>
    /// A string value of convex.json's authKit section with its <c>${authEnv.X}</c> / <c>${buildEnv.X}</c>
    /// placeholders (the CLI's syntax: <c>${</c>, anything but <c>}</c>, <c>}</c>). Anything else inside
    /// <c>${…}</c> is rejected when the file is read, so a typo fails the build before any request.
    /// </summary>
    public sealed class AuthKitTemplate
    {
        public const string AuthEnvClientId = "WORKOS_CLIENT_ID";
        public const string AuthEnvApiKey = "WORKOS_API_KEY";
        public const string AuthEnvEnvironmentId = "WORKOS_ENVIRONMENT_ID";

        private static readonly Regex Placeholder = new Regex(@"\$\{([^}]+)\}", RegexOptions.CultureInvariant);
        private static readonly string[] AuthEnvNames = { AuthEnvClientId, AuthEnvApiKey, AuthEnvEnvironmentId };

        private AuthKitTemplate(string text, IReadOnlyList<TemplatePlaceholder> placeholders)
        {
            Text = text;
            Placeholders = placeholders;
        }

        /// <summary>The value as written in convex.json.</summary>
        public string Text { get; }
        public IReadOnlyList<TemplatePlaceholder> Placeholders { get; }

        public bool Uses(TemplateSource source, string name)
        {
            foreach (var p in Placeholders)
            {
                if (p.Source == source && p.Name == name)
                    return true;
            }
            return false;
        }

        /// <summary>Parses <paramref name="text"/>; null with <paramref name="unknown"/> set when a placeholder is not one the CLI knows.</summary>
        public static AuthKitTemplate? TryParse(string text, out string? unknown)
        {
            unknown = null;
            var placeholders = new List<TemplatePlaceholder>();
            foreach (Match match in Placeholder.Matches(text))
            {
                var expression = match.Groups[1].Value;
                if (expression.StartsWith("buildEnv.", StringComparison.Ordinal) && expression.Length > "buildEnv.".Length)
                {
                    placeholders.Add(new TemplatePlaceholder(match.Value, TemplateSource.BuildEnv, expression.Substring("buildEnv.".Length)));
                    continue;
                }
                if (expression.StartsWith("authEnv.", StringComparison.Ordinal)
                    && Array.IndexOf(AuthEnvNames, expression.Substring("authEnv.".Length)) >= 0)
                {
                    placeholders.Add(new TemplatePlaceholder(match.Value, TemplateSource.AuthEnv, expression.Substring("authEnv.".Length)));
                    continue;
                }
                unknown = match.Value;
                return null;
            }
            return new AuthKitTemplate(text, placeholders);
        }

        /// <summary>
        /// The value with every placeholder replaced. <paramref name="lookup"/> returns null (or "") for a value that
        /// is not available; the first such placeholder is returned in <paramref name="missing"/> and the result is null.
        /// </summary>
        public string? Resolve(Func<TemplatePlaceholder, string?> lookup, out TemplatePlaceholder? missing)
        {
            missing = null;
            var result = new StringBuilder();
            var last = 0;
            foreach (Match match in Placeholder.Matches(Text))
            {
                var placeholder = Find(match.Value);
                var value = lookup(placeholder);
                if (string.IsNullOrEmpty(value))
                {
                    missing = placeholder;
                    return null;
                }
                result.Append(Text, last, match.Index - last).Append(value);
                last = match.Index + match.Length;
            }
            return result.Append(Text, last, Text.Length - last).ToString();
        }

        private TemplatePlaceholder Find(string text)
        {
            foreach (var p in Placeholders)
            {
                if (p.Text == text)
                    return p;
            }
            throw new InvalidOperationException("A placeholder was not parsed: " + text);
        }

        public override string ToString() => Text;
    }
}
