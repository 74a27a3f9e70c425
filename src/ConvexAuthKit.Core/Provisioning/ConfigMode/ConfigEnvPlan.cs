using System;
using System.Collections.Generic;
using System.Linq;
using ConvexAuthKit.ConvexProject;
using ConvexAuthKit.EnvFiles;
using ConvexAuthKit.Frameworks;

namespace ConvexAuthKit.Provisioning.ConfigMode
{
    /// <summary>
    /// The .env.local variables config mode writes from authKit.dev.localEnvVars (reference §6.2), in file order:
    /// <list type="bullet">
    /// <item>a name is skipped when .env.local already gives it a non-empty value or the environment has it
    /// (so the user's own values always win);</item>
    /// <item>the first written variable whose template uses <c>${authEnv.WORKOS_CLIENT_ID}</c> gets the dashboard
    /// comment above it, when it is appended and the environment id is known;</item>
    /// <item>Next.js and TanStack Start also get a fresh WORKOS_COOKIE_PASSWORD unless the environment or a real
    /// assignment in the file has one (a mention in a comment does not count: a CLI bug we fix).</item>
    /// </list>
    /// </summary>
    internal static class ConfigEnvPlan
    {
        /// <summary>The names that will be written, for checking their placeholders before any request.</summary>
        public static IEnumerable<AuthKitLocalEnvVar> Written(IReadOnlyList<AuthKitLocalEnvVar> localEnvVars, EnvFileDocument envLocal, Func<string, string?> environment) =>
            localEnvVars.Where(v => !IsAlreadySet(v.Name, envLocal, environment));

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
                var value = resolver.Resolve(variable.Value);
                string? comment = null;
                if (!commentGiven && variable.Template.Uses(TemplateSource.AuthEnv, AuthKitTemplate.AuthEnvClientId))
                {
                    commentGiven = true;
                    comment = credentials.EnvironmentId == null ? null : WorkOSVariables.DashboardComment(credentials.EnvironmentId);
                }
                var isSecret = variable.Template.Uses(TemplateSource.AuthEnv, AuthKitTemplate.AuthEnvApiKey);
                writes.Add(new EnvWrite(variable.Name, value, comment, isSecret));
            }

            if (framework != null && framework.HasServerSession
                && !localEnvVars.Any(v => v.Name == WorkOSVariables.CookiePassword)
                && string.IsNullOrEmpty(environment(WorkOSVariables.CookiePassword))
                && !envLocal.HasAssignment(WorkOSVariables.CookiePassword))
            {
                writes.Add(new EnvWrite(WorkOSVariables.CookiePassword, SeedEnvPlan.NewCookiePassword(), isSecret: true));
            }
            return writes;
        }

        private static bool IsAlreadySet(string name, EnvFileDocument envLocal, Func<string, string?> environment) =>
            !string.IsNullOrEmpty(envLocal.GetValue(name)) || !string.IsNullOrEmpty(environment(name));
    }
}
