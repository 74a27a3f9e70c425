namespace ConvexAuthKit.Planning
{
    /// <summary>Names of the variables the CLI sets on a deployment and writes to .env.local.</summary>
    public static class WorkOSVariables
    {
        public const string ClientId = "WORKOS_CLIENT_ID";
        public const string EnvironmentId = "WORKOS_ENVIRONMENT_ID";
        public const string ApiKey = "WORKOS_API_KEY";
        /// <summary>What CLIs up to 1.31.3 called the API key; read as a fallback (docs/cli-rules.md#deployment-and-workos-apis).</summary>
        public const string LegacyApiKey = "WORKOS_ENVIRONMENT_API_KEY";
        public const string CookiePassword = "WORKOS_COOKIE_PASSWORD";

        public static string DashboardComment(string environmentId) =>
            $"# See this environment at https://dashboard.workos.com/{environmentId}/authentication";
    }
}
