using PoseCluster.Host.Cli;

namespace PoseCluster.Host.Tests.Cli;

/// <summary>How often <c>datasets add --wait</c> asks for its job: soon at first, a twentieth of the time waited later, never more rarely than the cap.</summary>
public sealed class DatasetClientPollTests
{
    [Theory]
    [InlineData(0, 20)]
    [InlineData(300, 20)]
    [InlineData(1000, 50)]
    [InlineData(3000, 150)]
    [InlineData(60_000, 200)]
    public void The_next_poll_is_a_twentieth_of_the_wait_between_the_first_interval_and_the_cap(int waitedMs, int expectedMs) =>
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), DatasetClient.NextPoll(TimeSpan.FromMilliseconds(waitedMs), DatasetClient.PollInterval));

    [Fact]
    public void A_cap_below_the_first_interval_wins() =>
        Assert.Equal(TimeSpan.FromMilliseconds(5), DatasetClient.NextPoll(TimeSpan.Zero, TimeSpan.FromMilliseconds(5)));
}
