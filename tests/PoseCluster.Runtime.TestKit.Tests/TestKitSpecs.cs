using PoseCluster.Runtime.Actors;
using PoseCluster.Runtime.Configuration;

namespace PoseCluster.Runtime.TestKit.Tests;

using TestKit = PoseCluster.Runtime.TestKit.TestKit;

/// <summary>Each expectation passes on what it promises and fails, with a TestKitAssertionException, otherwise.</summary>
public sealed class TestKitSpecs : TestKit
{
    private sealed class Echo : ReceiveActor
    {
        public Echo()
        {
            ReceiveAny(m => Sender.Tell(m, Self));
        }
    }

    private sealed class Minimal : TestKit
    {
    }

    [Fact]
    public async Task ExpectMsg_returns_the_next_message_of_the_type_and_checks_the_predicate()
    {
        TestActor.Tell("hello");
        Assert.Equal("hello", await ExpectMsgAsync<string>(s => s.StartsWith('h')));

        TestActor.Tell(42);
        await Assert.ThrowsAsync<TestKitAssertionException>(() => ExpectMsgAsync<string>());

        TestActor.Tell("world");
        await Assert.ThrowsAsync<TestKitAssertionException>(() => ExpectMsgAsync<string>(s => s.Length > 10));
    }

    [Fact]
    public async Task ExpectMsg_fails_when_nothing_arrives_within_the_timeout()
    {
        var error = await Assert.ThrowsAsync<TestKitAssertionException>(() => ExpectMsgAsync<string>(TimeSpan.FromMilliseconds(50)));
        Assert.Contains("got nothing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_blocking_forms_behave_like_the_async_ones()
    {
        TestActor.Tell("sync");
        Assert.Equal("sync", ExpectMsg("sync"));
        ExpectNoMsg(TimeSpan.FromMilliseconds(20));
        TestActor.Tell(1);
        TestActor.Tell(2);
        Assert.Equal([1, 2], ReceiveN(2).Cast<int>());
        Assert.Throws<TestKitAssertionException>(() => ExpectMsg<int>(TimeSpan.FromMilliseconds(20)));
    }

    [Fact]
    public async Task ExpectNoMsg_fails_when_a_message_arrives()
    {
        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(50));
        TestActor.Tell("surprise");
        await Assert.ThrowsAsync<TestKitAssertionException>(() => ExpectNoMsgAsync(TimeSpan.FromMilliseconds(50)));
    }

    [Fact]
    public async Task FishForMessage_skips_other_messages_and_fails_if_the_one_sought_never_comes()
    {
        TestActor.Tell("noise");
        TestActor.Tell(1);
        TestActor.Tell(7);
        Assert.Equal(7, await FishForMessageAsync<int>(n => n > 5));

        TestActor.Tell("more noise");
        await Assert.ThrowsAsync<TestKitAssertionException>(() => FishForMessageAsync(m => m is double, TimeSpan.FromMilliseconds(50)));
    }

    [Fact]
    public async Task ReceiveN_returns_messages_in_order_and_fails_when_too_few_arrive()
    {
        TestActor.Tell("a");
        TestActor.Tell("b");
        Assert.Equal(["a", "b"], (await ReceiveNAsync(2)).Cast<string>());

        TestActor.Tell("c");
        await Assert.ThrowsAsync<TestKitAssertionException>(() => ReceiveNAsync(2, TimeSpan.FromMilliseconds(50)));
    }

    [Fact]
    public async Task AwaitAssert_retries_until_the_assertion_passes_and_reports_the_last_error_if_it_never_does()
    {
        var attempts = 0;
        await AwaitAssertAsync(() => Assert.True(++attempts >= 3), interval: TimeSpan.FromMilliseconds(1));
        Assert.Equal(3, attempts);

        var error = await Assert.ThrowsAsync<TestKitAssertionException>(() =>
            AwaitAssertAsync(() => Assert.Fail("never"), TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(10)));
        Assert.Contains("never", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Within_fails_when_its_block_takes_longer_and_bounds_the_expectations_inside()
    {
        await Assert.ThrowsAsync<TestKitAssertionException>(() => WithinAsync(TimeSpan.FromMilliseconds(20), () => Task.Delay(300)));

        // The expectation inside waits only until the block's deadline, not the 10 s default.
        var error = await Assert.ThrowsAsync<TestKitAssertionException>(() =>
            WithinAsync(TimeSpan.FromMilliseconds(100), () => ExpectMsgAsync<string>()));
        Assert.DoesNotContain("10000 ms", error.Message, StringComparison.Ordinal);

        TestActor.Tell("in time");
        Assert.Equal("in time", await WithinAsync(TimeSpan.FromSeconds(30), () => ExpectMsgAsync<string>()));
    }

    [Fact]
    public async Task Watch_and_ExpectTerminated_observe_an_actor_stopping()
    {
        var echo = Sys.Spawn(Props.Create<Echo>());
        Watch(echo);
        Sys.Stop(echo);
        Assert.Same(echo, (await ExpectTerminatedAsync(echo)).ActorRef);
    }

    [Fact]
    public async Task Probes_have_their_own_queues_and_LastSender_allows_replies()
    {
        var echo = Sys.Spawn(Props.Create<Echo>());
        var probe = CreateTestProbe();
        probe.Send(echo, "to probe");

        Assert.Equal("to probe", await probe.ExpectMsgAsync<string>());
        Assert.Same(echo, probe.LastSender);
        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(50));

        probe.Reply("back");
        Assert.Equal("back", await probe.ExpectMsgAsync<string>());
    }

    [Fact]
    public async Task Disposing_the_TestKit_shuts_its_system_down()
    {
        var kit = new Minimal();
        await kit.DisposeAsync();
        Assert.True(kit.Sys.WhenTerminated.IsCompleted);
        kit.Dispose(); // a second disposal is harmless
    }

    [Fact]
    public void The_time_factor_and_defaults_come_from_posecluster_test_and_can_be_overridden_by_the_environment()
    {
        var config = new ConfigBuilder(_ => null)
            .AddText("posecluster.test { timefactor = 2.5, single-expect-default = 4s }")
            .AddEnvironmentOverrides([new("POSECLUSTER__test__expect-no-message-default", "300ms")])
            .Build();
        var settings = TestKitSettings.FromConfig(config);
        Assert.Equal(2.5, settings.TimeFactor);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.Dilated(TimeSpan.FromSeconds(4)));
        Assert.Equal(TimeSpan.FromSeconds(4), settings.SingleExpectDefault);
        Assert.Equal(TimeSpan.FromMilliseconds(300), settings.ExpectNoMessageDefault);
        Assert.Throws<ConfigurationException>(() => TestKitSettings.FromConfig(Config.Parse("posecluster.test.timefactor = 0")));
    }

    [Fact]
    public void Reference_conf_holds_the_TestKit_defaults()
    {
        var config = new ConfigBuilder(_ => null).AddFile(PoseCluster.Testing.RepositoryRoot.ReferenceConf()).Build();
        Assert.Equal(TestKitSettings.Default, TestKitSettings.FromConfig(config));
    }
}
