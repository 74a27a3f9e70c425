using System;
using System.Collections.Generic;
using System.Linq;
using ConvexAuthKit.ConvexProject;
using ConvexAuthKit.EnvFiles;
using ConvexAuthKit.Frameworks;

namespace ConvexAuthKit.Planning.ConfigMode
{
    /// <summary>
    /// The .env.local variables config mode writes from authKit.dev.localEnvVars (docs/cli-rules.md#config-mode), in file order:
    /// <list type="bullet">
    /// <item>a name is skipped when .env.local already gives it a non-empty value or the environment has it
    /// (so the user's own values always win), except where that value is a placeholder: a variable whose template
    /// is exactly one <c>${authEnv.X}</c> holding something without the shape of a WorkOS id or key (the
    /// templates' <c>.env.local.example</c> values), which the CLI leaves in place and we replace;</item>
    /// <item>the first written variable whose template uses <c>${authEnv.WORKOS_CLIENT_ID}</c> gets the dashboard
    /// comment above it, when it is appended and the environment id is known;</item>
    /// <item>Next.js and TanStack Start also get a fresh WORKOS_COOKIE_PASSWORD unless the environment or a real
    /// assignment in the file has one (a mention in a comment does not count: a CLI bug we fix); the templates'
    /// published example password, or one shorter than 32 characters, counts as none and is replaced.</item>
    /// </list>
    /// </summary>
    internal static class ConfigEnvPlan
    {
        /// <summary>The names that will be written, for checking their placeholders before any request.</summary>
        public static IEnumerable<AuthKitLocalEnvVar> Written(IReadOnlyList<AuthKitLocalEnvVar> localEnvVars, EnvFileDocument envLocal, Func<string, string?> environment) =>
            localEnvVars.Where(v => !IsAlreadySet(v, envLocal, environment));

        public static IReadOnlyList<EnvWrite> For(
            IReadOnlyList<AuthKitLocalEnvVar>? localEnvVars, Framework? framework, WorkOSCredentials credentials,
            TemplateResolver resolver, EnvFileDocument envLocal, Func<string, string?> environment)
        {
            var writes = new List<EnvWrite>();
            if (localEnvVars == null)
                return writes;

            var commentGiven = false;
            foreach (var variable in Written(localEnvVars, envLocal, environment))
            {
                var replacesPlaceholder = IsPlaceholder(variable, EffectiveValue(variable.Name, envLocal, environment));
                var value = resolver.Resolve(variable.Value);
                string? comment = null;
                if (!commentGiven && variable.Template.Uses(TemplateSource.AuthEnv, AuthKitTemplate.AuthEnvClientId))
                {
                    commentGiven = true;
                    comment = credentials.EnvironmentId == null ? null : WorkOSVariables.DashboardComment(credentials.EnvironmentId);
                }
                var isSecret = variable.Template.Uses(TemplateSource.AuthEnv, AuthKitTemplate.AuthEnvApiKey);
                writes.Add(new EnvWrite(variable.Name, value, comment, isSecret, replacesPlaceholder));
            }

            if (framework != null && framework.HasServerSession
                && !localEnvVars.Any(v => v.Name == WorkOSVariables.CookiePassword))
            {
                var cookie = EffectiveValue(WorkOSVariables.CookiePassword, envLocal, environment);
                var unusable = WorkOSPlaceholders.IsUnusableCookiePassword(cookie);
                if (unusable || (string.IsNullOrEmpty(cookie) && !envLocal.HasAssignment(WorkOSVariables.CookiePassword)))
                    writes.Add(new EnvWrite(WorkOSVariables.CookiePassword, SeedEnvPlan.NewCookiePassword(), isSecret: true, replacesPlaceholder: unusable));
            }
            return writes;
        }

        private static bool IsAlreadySet(AuthKitLocalEnvVar variable, EnvFileDocument envLocal, Func<string, string?> environment)
        {
            var value = EffectiveValue(variable.Name, envLocal, environment);
            return !string.IsNullOrEmpty(value) && !IsPlaceholder(variable, value);
        }

        /// <summary>What the frontend would read: the environment (real, then .env.local, then .env), else .env.local's own line.</summary>
        private static string? EffectiveValue(string name, EnvFileDocument envLocal, Func<string, string?> environment)
        {
            var value = environment(name);
            return string.IsNullOrEmpty(value) ? envLocal.GetValue(name) : value;
        }

        /// <summary>The WorkOS credential a variable holds when its template is exactly <c>${authEnv.X}</c>, else null.</summary>
        internal static string? CredentialOf(AuthKitLocalEnvVar variable)
        {
            var placeholders = variable.Template.Placeholders;
            if (placeholders.Count != 1 || placeholders[0].Source != TemplateSource.AuthEnv || placeholders[0].Text != variable.Template.Text)
                return null;
            return placeholders[0].Name;
        }

        private static bool IsPlaceholder(AuthKitLocalEnvVar variable, string? value)
        {
            var credential = CredentialOf(variable);
            return credential != null && WorkOSPlaceholders.IsPlaceholder(credential, value);
        }
    }
}
