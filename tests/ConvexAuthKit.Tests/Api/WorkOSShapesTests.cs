using ConvexAuthKit.Api;
using Xunit;

namespace ConvexAuthKit.Tests.Api;

public class WorkOSShapesTests
{
    [Theory]
    [InlineData("client_01JA4BGY6RK3NHY7NM0NWGPZBG", true)]
    [InlineData("client_7ZZZZZZZZZZZZZZZZZZZZZZZZZ", true)]
    [InlineData("client_8ZZZZZZZZZZZZZZZZZZZZZZZZZ", false)] // a ULID's first character is 0-7
    [InlineData("client_your_client_id_here", false)]
    [InlineData("YOUR-WORKOS-CLIENT-ID", false)]
    [InlineData("client_01XXXXXXXXXXXXXXXXXX", false)]
    [InlineData("client_01ja4bgy6rk3nhy7nm0nwgpzbg", false)]
    [InlineData("client_01JA4BGY6RK3NHY7NM0NWGPZBI", false)] // I is not Crockford
    [InlineData("client_01JA4BGY6RK3NHY7NM0NWGPZBG\n", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void ClientIds(string? value, bool expected) => Assert.Equal(expected, WorkOSShapes.IsClientId(value));

    [Theory]
    [InlineData("environment_01JA4BGY6RK3NHY7NM0NWGPZBG", true)]
    [InlineData("environment_01", false)]
    [InlineData("client_01JA4BGY6RK3NHY7NM0NWGPZBG", false)]
    public void EnvironmentIds(string value, bool expected) => Assert.Equal(expected, WorkOSShapes.IsEnvironmentId(value));

    /// <summary>A made-up token of the key alphabet: no real key is ever written into the repository.</summary>
    private const string FakeToken = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKL";

    [Theory]
    [InlineData("sk_test_" + FakeToken, true)]
    [InlineData("sk_live_" + FakeToken, true)]
    [InlineData("sk_test_your_api_key_here", false)]
    [InlineData("sk_test_XXXXXXXXXX", false)]
    [InlineData("sk_live_xxxxxxxxxxxxx", false)]
    [InlineData("sk_prod_abcdefghijklmnopqrstuvwxyz0123456789", false)]
    [InlineData("sk_test_abcdefghijklmnopqrstuvwxyz0123456789\r\nX-Injected: 1", false)]
    [InlineData("sk_test_abcdefghijklmnopqrstuvwxyz 0123456789", false)]
    public void ApiKeys(string value, bool expected) => Assert.Equal(expected, WorkOSShapes.IsApiKey(value));
}
