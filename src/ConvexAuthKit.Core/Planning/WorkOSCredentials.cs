using ConvexAuthKit.Api;

namespace ConvexAuthKit.Planning
{
    /// <summary>The WorkOS environment a run uses: from the build environment, the deployment, or just provisioned.</summary>
    public sealed class WorkOSCredentials
    {
        public WorkOSCredentials(string clientId, string? environmentId, Secret apiKey)
        {
            ClientId = clientId;
            EnvironmentId = environmentId;
            ApiKey = apiKey;
        }

        public string ClientId { get; }
        /// <summary>Null for a bring-your-own setup of WORKOS_CLIENT_ID + WORKOS_API_KEY alone.</summary>
        public string? EnvironmentId { get; }
        public Secret ApiKey { get; }

        /// <summary>What a read-only run uses in place of credentials a real run would provision.</summary>
        internal static WorkOSCredentials Placeholder() =>
            new WorkOSCredentials("<provisioned client id>", "<provisioned environment id>", new Secret("<provisioned API key>"));
    }
}
