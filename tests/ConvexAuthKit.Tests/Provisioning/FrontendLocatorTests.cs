using ConvexAuthKit.Diagnostics;
using ConvexAuthKit.Provisioning;

namespace ConvexAuthKit.Tests.Provisioning;

/// <summary>Where the frontend is: the project folder, ClientApp/, a Visual Studio .esproj folder, or the property.</summary>
public sealed class FrontendLocatorTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("cak-locate-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Server => Path.Combine(_root, "App.Server");

    private string Folder(string relative, bool esproj = false, string? packageJson = null)
    {
        var dir = Path.Combine(_root, relative);
        Directory.CreateDirectory(dir);
        if (esproj)
            File.WriteAllText(Path.Combine(dir, Path.GetFileName(dir) + ".esproj"), "<Project Sdk=\"Microsoft.VisualStudio.JavaScript.Sdk/1.0.0\" />");
        if (packageJson != null)
            File.WriteAllText(Path.Combine(dir, "package.json"), packageJson);
        return dir;
    }

    private const string ConvexPackage = """{ "dependencies": { "convex": "^1.30.0" } }""";
    private const string OtherPackage = """{ "dependencies": { "react": "^19.0.0" } }""";

    [Fact]
    public void Project_folder_with_package_json_is_the_frontend()
    {
        Folder("App.Server", packageJson: ConvexPackage);
        Folder("app.client", esproj: true, packageJson: ConvexPackage);

        Assert.Equal(Server, FrontendLocator.Locate(Server, null));
    }

    [Fact]
    public void ClientApp_with_package_json_comes_before_an_esproj_sibling()
    {
        Folder("App.Server");
        var clientApp = Folder("App.Server/ClientApp", packageJson: ConvexPackage);
        Folder("app.client", esproj: true, packageJson: ConvexPackage);

        Assert.Equal(clientApp, FrontendLocator.Locate(Server, null));
    }

    [Fact]
    public void Esproj_sibling_with_package_json_is_the_frontend()
    {
        Folder("App.Server");
        var client = Folder("app.client", esproj: true, packageJson: ConvexPackage);

        Assert.Equal(client, FrontendLocator.Locate(Server, null));
    }

    [Fact]
    public void Esproj_child_folder_is_found_too()
    {
        Folder("App.Server");
        var client = Folder("App.Server/web", esproj: true, packageJson: ConvexPackage);

        Assert.Equal(client, FrontendLocator.Locate(Server, null));
    }

    [Fact]
    public void Esproj_folder_without_package_json_is_not_a_frontend()
    {
        Folder("App.Server");
        Folder("app.client", esproj: true);

        Assert.Equal(Path.Combine(Server, "ClientApp"), FrontendLocator.Locate(Server, null));
    }

    [Fact]
    public void Esproj_referenced_by_the_dotnet_project_wins_over_other_esproj_folders()
    {
        Folder("App.Server");
        Folder("admin.client", esproj: true, packageJson: ConvexPackage);
        var client = Folder("app.client", esproj: true, packageJson: ConvexPackage);
        File.WriteAllText(Path.Combine(Server, "App.Server.csproj"),
            "<Project Sdk=\"Microsoft.NET.Sdk.Web\">\n  <ItemGroup>\n    <ProjectReference Include=\"..\\app.client\\app.client.esproj\">\n      <ReferenceOutputAssembly>false</ReferenceOutputAssembly>\n    </ProjectReference>\n  </ItemGroup>\n</Project>\n");

        Assert.Equal(client, FrontendLocator.Locate(Server, null));
    }

    [Fact]
    public void Of_several_esproj_folders_the_one_that_uses_convex_is_taken()
    {
        Folder("App.Server");
        Folder("docs.client", esproj: true, packageJson: OtherPackage);
        var client = Folder("app.client", esproj: true, packageJson: ConvexPackage);

        Assert.Equal(client, FrontendLocator.Locate(Server, null));
    }

    [Fact]
    public void Several_esproj_folders_that_use_convex_are_CAK0011()
    {
        Folder("App.Server");
        Folder("admin.client", esproj: true, packageJson: ConvexPackage);
        Folder("app.client", esproj: true, packageJson: ConvexPackage);

        var e = Assert.Throws<ConvexAuthKitException>(() => FrontendLocator.Locate(Server, null));

        Assert.Equal("CAK0011", e.Code);
        Assert.Contains("ConvexAuthKitFrontendDir", e.Message);
    }

    [Fact]
    public void Explicit_folder_wins_over_everything()
    {
        Folder("App.Server", packageJson: ConvexPackage);
        var web = Folder("web", packageJson: ConvexPackage);

        Assert.Equal(web, FrontendLocator.Locate(Server, "../web"));
    }

    [Fact]
    public void Explicit_folder_that_does_not_exist_is_CAK0006()
    {
        Folder("App.Server");

        Assert.Equal("CAK0006", Assert.Throws<ConvexAuthKitException>(() => FrontendLocator.Locate(Server, "../nowhere")).Code);
    }
}
