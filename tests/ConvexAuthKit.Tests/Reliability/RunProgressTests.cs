using ConvexAuthKit.Reliability;

namespace ConvexAuthKit.Tests.Reliability;

/// <summary>Where a run stopped, with requests one after another and in flight together.</summary>
public class RunProgressTests
{
    [Fact]
    public void One_after_another_the_step_under_way_or_the_last_failed_one_is_where_it_stopped()
    {
        var progress = new RunProgress();
        progress.End(progress.Begin("authorize"), succeeded: true);
        // An error answer the run handled (a 422 "already exists") is forgotten once the next step begins.
        progress.End(progress.Begin("redirect"), succeeded: false);
        var cors = progress.Begin("cors");
        Assert.Equal("cors", progress.StoppedAt);
        progress.End(cors, succeeded: false);

        Assert.Equal("cors", progress.StoppedAt);
        Assert.Equal(new[] { "authorize" }, progress.Completed);
    }

    [Fact]
    public void In_flight_together_the_earliest_begun_step_that_did_not_end_well_is_where_it_stopped()
    {
        var progress = new RunProgress();
        var update = progress.Begin("update");
        var redirect = progress.Begin("redirect");
        var cors = progress.Begin("cors");

        // Answers in another order than sent: the failure named is the earliest sent, not the last answered.
        progress.End(redirect, succeeded: false);
        progress.End(update, succeeded: true);
        progress.End(cors, succeeded: false);
        Assert.Equal("redirect", progress.StoppedAt);

        var second = new RunProgress();
        var failedUpdate = second.Begin("update");
        var cancelled = second.Begin("redirect");
        second.End(failedUpdate, succeeded: false);
        second.Interrupt(cancelled);
        Assert.Equal("update", second.StoppedAt);
        Assert.Empty(second.Completed);
    }
}
