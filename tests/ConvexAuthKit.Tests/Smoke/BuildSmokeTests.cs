namespace ConvexAuthKit.Tests.Smoke;

public class BuildSmokeTests
{
    [Fact]
    public void Diagnostic_codes_are_coded_CAK()
    {
        Assert.StartsWith("CAK", ConvexAuthKit.Diagnostics.DiagnosticCodes.PackageJsonMissing);
    }
}
