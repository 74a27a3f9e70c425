using ConvexAuthKit.Emulator;

namespace ConvexAuthKit.Tests.Emulator;

/// <summary>The Big Brain calls most tests need as arrangement.</summary>
internal static class Calls
{
    public const string Dev = EmulatorOptions.DefaultDevDeployment;
    public const string Prod = EmulatorOptions.DefaultProdDeployment;
    public const string Preview = EmulatorOptions.DefaultPreviewDeployment;

    public static string Api(this ConvexEmulator emulator, string path) => emulator.ProvisionHost + path;

    public static string WorkOS(this ConvexEmulator emulator, string path) => emulator.WorkOSApiUrl + path;

    public static string OnDeployment(this ConvexEmulator emulator, string deployment, string path) => emulator.DeploymentUrl(deployment) + path;

    public static object AuthorizeBody(string deployment, string type = "dev") => new
    {
        selectedDeploymentName = deployment,
        projectSelection = new { kind = "deploymentName", deploymentName = deployment, deploymentType = type },
    };

    public static Task<Reply> Authorize(this ConvexEmulator emulator, string deployment, string type = "dev") =>
        Http.Post(emulator.Api("/api/deployment/authorize_within_current_project"), AuthorizeBody(deployment, type), Http.Bearer(emulator.AccessToken));

    public static async Task<string> AdminKey(this ConvexEmulator emulator, string deployment = Dev)
    {
        var reply = await emulator.Authorize(deployment);
        Assert.Equal(System.Net.HttpStatusCode.OK, reply.Status);
        return (string)reply.Json!["adminKey"]!;
    }

    public static Task<Reply> GetOrProvision(this ConvexEmulator emulator, string deployment = Dev, string? authorization = null) =>
        Http.Post(emulator.Api("/api/workos/get_or_provision_workos_environment"),
            new { deploymentName = deployment, environmentType = "nonproduction" },
            authorization ?? Http.Bearer(emulator.AccessToken));

    /// <summary>Provisions the dev deployment's WorkOS environment over HTTP and returns its API key.</summary>
    public static async Task<string> WorkOSApiKey(this ConvexEmulator emulator, string deployment = Dev)
    {
        var reply = await emulator.GetOrProvision(deployment);
        Assert.Equal(System.Net.HttpStatusCode.OK, reply.Status);
        return (string)reply.Json!["apiKey"]!;
    }

    public static EmulatorOptions WithoutWorkOSTeam()
    {
        var options = EmulatorOptions.Default();
        options.Teams[0].HasWorkOSTeam = false;
        options.Teams[0].WorkOSAdminEmail = null;
        return options;
    }
}
