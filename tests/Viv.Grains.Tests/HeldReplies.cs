namespace Viv.Grains.Tests;

/// <summary>
/// Holds back one grain's reply to another until the test lets it go: the callee has answered, the
/// caller has not yet heard it. A test puts a change in that gap, the one a loaded machine opens now
/// and then, to show what the caller does with an answer that was true when it was given.
/// Installed on every silo as an incoming call filter (<see cref="ClusterFixture"/>).
/// </summary>
public sealed class HeldReplies
{
    private Hold? _armed;

    /// <summary>Holds the next reply <paramref name="callee"/> gives <paramref name="caller"/> to <paramref name="method"/>, until released or disposed.</summary>
    public Hold Next(GrainId caller, GrainId callee, string method)
    {
        var hold = new Hold(this, caller, callee, method);
        Interlocked.CompareExchange(ref _armed, hold, null).Should().BeNull("one reply is held at a time");
        return hold;
    }

    internal async Task Filter(IIncomingGrainCallContext call)
    {
        await call.Invoke();
        if (Volatile.Read(ref _armed) is { } hold && call.SourceId == hold.Caller && call.TargetId == hold.Callee
            && call.MethodName == hold.Method && hold.Disarm())
        {
            await hold.Catch();
        }
    }

    public sealed class Hold(HeldReplies replies, GrainId caller, GrainId callee, string method) : IDisposable
    {
        private readonly TaskCompletionSource _caught = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        internal GrainId Caller => caller;

        internal GrainId Callee => callee;

        internal string Method => method;

        /// <summary>Completes once the callee has answered and its reply is held.</summary>
        public Task Holding => _caught.Task.WaitAsync(TimeSpan.FromSeconds(15));

        internal bool Disarm() => Interlocked.CompareExchange(ref replies._armed, null, this) == this;

        internal Task Catch()
        {
            _caught.TrySetResult();
            return _released.Task;
        }

        public void Release() => _released.TrySetResult();

        /// <summary>A test that ends early neither leaves a caller waiting nor a hold armed for the next test.</summary>
        public void Dispose()
        {
            Disarm();
            Release();
        }
    }
}
