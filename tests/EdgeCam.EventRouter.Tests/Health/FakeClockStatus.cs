using EdgeCam.EventRouter.Health;

namespace EdgeCam.EventRouter.Tests.Health;

/// <summary>A clock status the test sets; counts reads.</summary>
public sealed class FakeClockStatus(bool? synchronised) : IClockStatus
{
    private int _reads;

    public bool? Synchronised { get; set; } = synchronised;

    public int Reads => Volatile.Read(ref _reads);

    public bool? IsSynchronised()
    {
        Interlocked.Increment(ref _reads);
        return Synchronised;
    }
}
