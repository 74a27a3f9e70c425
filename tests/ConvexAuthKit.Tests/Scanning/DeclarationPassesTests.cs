using ConvexAuthKit.Scanning;

namespace ConvexAuthKit.Tests.Scanning;

/// <summary>
/// The fixed point the declarations are collected to: every step runs in every round, so a step that keeps learning
/// (a long chain of constants) never holds back the others (aliases, key helpers) until the round cap.
/// </summary>
public class DeclarationPassesTests
{
    // Five constants written in reverse order: the constants step learns one more in each of the five rounds.
    private const string ConstantChain =
        "const A = B;\nconst B = C;\nconst C = D;\nconst D = E;\nconst E = \"WORKOS_CLIENT_ID\";\n";

    [Fact]
    public void Every_step_runs_in_every_round_even_after_an_earlier_step_learned_something()
    {
        var firstRounds = 0;
        var secondRounds = 0;
        var steps = new Func<bool>[]
        {
            () => ++firstRounds <= 2,
            () => { secondRounds++; return false; },
        };

        var rounds = DeclarationPasses.RunToFixedPoint(steps, maxRounds: 5);

        Assert.Equal(3, rounds);
        Assert.Equal(3, firstRounds);
        Assert.Equal(3, secondRounds);
    }

    [Fact]
    public void A_step_that_learns_only_in_a_later_round_is_run_until_the_cap()
    {
        var secondRounds = 0;
        var steps = new Func<bool>[]
        {
            () => true,
            () => { secondRounds++; return false; },
        };

        var rounds = DeclarationPasses.RunToFixedPoint(steps, maxRounds: 4);

        Assert.Equal(4, rounds);
        Assert.Equal(4, secondRounds);
    }

    [Fact]
    public void A_key_helper_is_found_while_a_constant_chain_is_still_being_folded()
    {
        var result = AuthConfigScanner.ScanSource(
            ConstantChain + "function readEnv(name) { return process.env[name]; }\n"
            + "export default { providers: [{ applicationID: readEnv(A) }] };\n");

        Assert.True(result.ReadsWorkOSClientId, result.Reason);
        Assert.Equal(ScanDecision.Reads, result.Decision);
        Assert.Equal(7, result.Line);
    }

    [Fact]
    public void An_alias_is_found_while_a_constant_chain_is_still_being_folded()
    {
        var result = AuthConfigScanner.ScanSource(
            ConstantChain + "const env = process.env;\nexport default { providers: [{ applicationID: env[A] }] };\n");

        Assert.True(result.ReadsWorkOSClientId, result.Reason);
        Assert.Equal(ScanDecision.Reads, result.Decision);
        Assert.Equal(7, result.Line);
    }
}
