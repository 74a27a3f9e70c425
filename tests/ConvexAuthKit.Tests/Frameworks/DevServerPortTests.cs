using ConvexAuthKit.Frameworks;

namespace ConvexAuthKit.Tests.Frameworks;

public sealed class DevServerPortTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cak-port-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Framework Detect(params string[] deps) => FrameworkDetector.Detect(deps)!;

    [Fact]
    public void Vite_server_port_in_vite_config_is_found()
    {
        File.WriteAllText(Path.Combine(_dir, "vite.config.ts"), "export default defineConfig({\n  plugins: [react()],\n  server: { host: true, port: 5174, strictPort: true },\n});\n");

        var found = DevServerPort.Find(_dir, Detect("vite"));

        Assert.Equal(5174, found!.Value.Port);
        Assert.EndsWith("vite.config.ts", found.Value.File);
    }

    [Fact]
    public void Port_outside_the_server_object_is_not_taken()
    {
        File.WriteAllText(Path.Combine(_dir, "vite.config.ts"), "export default defineConfig({ preview: { port: 4173 } });\n");

        Assert.Null(DevServerPort.Find(_dir, Detect("vite")));
    }

    [Fact]
    public void Commented_out_port_is_not_taken()
    {
        File.WriteAllText(Path.Combine(_dir, "vite.config.js"), "export default {\n  server: {\n// port: 6000,\n  },\n};\n");

        Assert.Null(DevServerPort.Find(_dir, Detect("vite")));
    }

    [Theory]
    [InlineData("next dev -p 3001", 3001)]
    [InlineData("next dev --turbopack --port 4000", 4000)]
    [InlineData("next dev --port=4100", 4100)]
    public void Next_dev_script_port_is_found(string script, int port)
    {
        File.WriteAllText(Path.Combine(_dir, "package.json"), $$"""{ "scripts": { "dev": "{{script}}" }, "dependencies": { "next": "15.0.0" } }""");

        Assert.Equal(port, DevServerPort.Find(_dir, Detect("next"))!.Value.Port);
    }

    [Fact]
    public void Next_dev_script_without_a_port_gives_none()
    {
        File.WriteAllText(Path.Combine(_dir, "package.json"), """{ "scripts": { "dev": "next dev" } }""");

        Assert.Null(DevServerPort.Find(_dir, Detect("next")));
    }

    [Fact]
    public void Files_looked_at_are_reported_for_the_cache()
    {
        var reader = new InputReader(_ => null, Array.Empty<ConvexAuthKit.Caching.SettingInput>());

        using (reader.Recording())
            DevServerPort.Find(_dir, Detect("vite"));

        var read = reader.Inputs.OfType<ConvexAuthKit.Caching.FileInput>().Select(f => f.Path).ToList();
        Assert.Contains(Path.Combine(_dir, "vite.config.ts"), read);
    }
}
