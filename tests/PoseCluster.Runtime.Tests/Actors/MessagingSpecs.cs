using PoseCluster.Runtime.Actors;

namespace PoseCluster.Runtime.Tests.Actors;

using TestKit = PoseCluster.Runtime.TestKit.TestKit;

/// <summary>Tell, ordering, one message at a time, Sender, Forward and Ask.</summary>
public sealed class MessagingSpecs : TestKit
{
    private sealed record Echo(object Payload);

    private sealed record ForwardTo(IActorRef Target, object Payload);

    private sealed class EchoActor : ReceiveActor
    {
        public EchoActor()
        {
            Receive<Echo>(echo => Sender.Tell(echo.Payload, Self));
            Receive<ForwardTo>(forward => Context.Forward(forward.Target, forward.Payload));
            Receive<string>(s => s == "fail", _ => Sender.Tell(new Status.Failure(new InvalidOperationException("asked to fail"))));
            Receive<string>(s => s == "silence", _ => { });
        }
    }

    /// <summary>Remembers who asked and answers only when told to.</summary>
    private sealed class LateReplier : ReceiveActor
    {
        private IActorRef? _asker;

        public LateReplier()
        {
            Receive<string>(s => s == "question", _ => _asker = Sender);
            Receive<string>(s => s == "answer now", _ => _asker?.Tell("late answer", Self));
        }
    }

    /// <summary>Records the order in which async handlers start and finish; each awaits before finishing.</summary>
    private sealed class SlowAsyncActor : ReceiveActor
    {
        public SlowAsyncActor(IActorRef observer)
        {
            ReceiveAsync<int>(async n =>
            {
                observer.Tell($"start {n}");
                await Task.Delay(20);
                observer.Tell($"end {n}");
            });
        }
    }

    [Fact]
    public async Task Messages_from_one_sender_arrive_in_the_order_they_were_sent()
    {
        var echo = Sys.Spawn(Props.Create<EchoActor>(), "echo");
        for (var i = 0; i < 1000; i++)
        {
            echo.Tell(new Echo(i), TestActor);
        }

        var received = await ReceiveNAsync(1000);
        Assert.Equal(Enumerable.Range(0, 1000).Cast<object>(), received);
    }

    [Fact]
    public async Task The_next_message_waits_until_an_async_handler_has_finished()
    {
        var actor = Sys.Spawn(Props.Create(() => new SlowAsyncActor(TestActor)));
        actor.Tell(1);
        actor.Tell(2);
        actor.Tell(3);

        var events = await ReceiveNAsync(6);
        Assert.Equal(["start 1", "end 1", "start 2", "end 2", "start 3", "end 3"], events.Cast<string>());
    }

    [Fact]
    public async Task Sender_is_who_told_the_message_and_Forward_keeps_the_original_sender()
    {
        var echo = Sys.Spawn(Props.Create<EchoActor>(), "echo");
        var probe = CreateTestProbe();
        echo.Tell(new ForwardTo(probe.Ref, "hello"), TestActor);

        Assert.Equal("hello", await probe.ExpectMsgAsync<string>());
        Assert.Same(TestActor, probe.LastSender);
    }

    [Fact]
    public async Task Ask_returns_the_reply()
    {
        var echo = Sys.Spawn(Props.Create<EchoActor>());
        Assert.Equal(42, await echo.Ask<int>(new Echo(42), TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Ask_without_a_reply_throws_AskTimeoutException_naming_the_target()
    {
        var echo = Sys.Spawn(Props.Create<EchoActor>(), "silent");
        var error = await Assert.ThrowsAsync<AskTimeoutException>(() => echo.Ask<string>("silence", TimeSpan.FromMilliseconds(50)));
        Assert.Equal(echo.Path, error.Target);
        Assert.Equal(typeof(string), error.MessageType);
    }

    [Fact]
    public async Task A_reply_after_the_Ask_timed_out_becomes_a_dead_letter()
    {
        var replier = Sys.Spawn(Props.Create<LateReplier>());
        Sys.EventStream.Subscribe<DeadLetter>(TestActor);

        await Assert.ThrowsAsync<AskTimeoutException>(() => replier.Ask<string>("question", TimeSpan.FromMilliseconds(20)));
        replier.Tell("answer now");

        var dead = await FishForMessageAsync<DeadLetter>(d => Equals(d.Message, "late answer"));
        Assert.Same(replier, dead.Sender);
    }

    [Fact]
    public async Task Ask_rethrows_the_cause_of_a_Status_Failure_reply()
    {
        var echo = Sys.Spawn(Props.Create<EchoActor>());
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => echo.Ask<string>("fail", TimeSpan.FromSeconds(10)));
        Assert.Equal("asked to fail", error.Message);
    }

    [Fact]
    public async Task Ask_with_a_reply_of_another_type_throws_InvalidCastException()
    {
        var echo = Sys.Spawn(Props.Create<EchoActor>());
        await Assert.ThrowsAsync<InvalidCastException>(() => echo.Ask<string>(new Echo(7), TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_message_no_handler_takes_is_published_as_UnhandledMessage()
    {
        var echo = Sys.Spawn(Props.Create<EchoActor>());
        Sys.EventStream.Subscribe<UnhandledMessage>(TestActor);
        echo.Tell(3.5, TestActor);

        var unhandled = await ExpectMsgAsync<UnhandledMessage>();
        Assert.Equal(3.5, unhandled.Message);
        Assert.Same(echo, unhandled.Recipient);
        Assert.Same(TestActor, unhandled.Sender);
    }

    [Fact]
    public void Spawning_two_children_with_the_same_name_fails_with_InvalidActorNameException()
    {
        Sys.Spawn(Props.Create<EchoActor>(), "twin");
        Assert.Throws<InvalidActorNameException>(() => Sys.Spawn(Props.Create<EchoActor>(), "twin"));
        Assert.Throws<InvalidActorNameException>(() => Sys.Spawn(Props.Create<EchoActor>(), "a/b"));
        Assert.Throws<InvalidActorNameException>(() => Sys.Spawn(Props.Create<EchoActor>(), "$reserved"));
    }

    [Fact]
    public void Paths_name_the_system_the_guardian_and_the_actor()
    {
        var echo = Sys.Spawn(Props.Create<EchoActor>(), "named");
        Assert.Equal($"posecluster://{Sys.Name}/user/named", echo.Path.ToString());
        Assert.Equal("named", echo.Path.Name);
    }
}
