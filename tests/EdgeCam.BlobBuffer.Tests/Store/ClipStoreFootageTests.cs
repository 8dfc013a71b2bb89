using EdgeCam.BlobBuffer.Store;
using EdgeCam.Contracts;
using EdgeCam.Contracts.Clips;
using EdgeCam.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeCam.BlobBuffer.Tests.Store;

/// <summary>The capacity policy with continuous footage in the buffer: footage goes first, and never pushes out an event.</summary>
[Trait("Category", "Unit")]
public sealed class ClipStoreFootageTests : IDisposable
{
    private static readonly DateTimeOffset Day = new(2026, 11, 21, 0, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _temp = new("clipstore-footage");
    private readonly SharedVolume _volume;

    public ClipStoreFootageTests()
    {
        _volume = new SharedVolume(_temp.Path);
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Accept_BufferFullOfOlderClipsAndNewerFootage_EvictsTheFootageFirst()
    {
        using var store = ClipStore.Open(_volume.BufferDirectory, 1_400, TimeProvider.System, NullLogger<ClipStore>.Instance);
        store.Accept(ClipFiles.Write(_volume, "cam1", "a-old-clip", ClipFiles.Content(400, 1), Day.AddHours(1)), _volume);
        store.Accept(Footage("footage-1", 400, 2, Day.AddHours(2)), _volume);
        store.Accept(Footage("footage-2", 400, 3, Day.AddHours(3)), _volume);

        var result = store.Accept(ClipFiles.Write(_volume, "cam1", "d-new-clip", ClipFiles.Content(700, 4), Day.AddHours(4)), _volume);

        Assert.Equal(["footage-1", "footage-2"], result.Evicted.Select(c => c.EventId));
        Assert.Equal(["a-old-clip", "d-new-clip"], store.Pending().Select(c => c.EventId));
    }

    [Fact]
    public void Accept_FootageWhenEventClipsFillTheBuffer_RefusedWithoutEvictingAClip()
    {
        using var store = ClipStore.Open(_volume.BufferDirectory, 1_000, TimeProvider.System, NullLogger<ClipStore>.Instance);
        store.Accept(ClipFiles.Write(_volume, "cam1", "clip-1", ClipFiles.Content(400, 1), Day.AddHours(1)), _volume);
        store.Accept(Footage("footage-1", 300, 2, Day.AddHours(2)), _volume);

        var ex = Assert.Throws<ClipRejectedException>(() => store.Accept(Footage("footage-2", 700, 3, Day.AddHours(3)), _volume));

        Assert.Contains("footage never evicts them", ex.Message, StringComparison.Ordinal);
        Assert.Equal(["clip-1", "footage-1"], store.Pending().Select(c => c.EventId));
        Assert.Equal(0, store.EvictedCount);
    }

    [Fact]
    public void Accept_FootageWhenOlderFootageFillsTheBuffer_EvictsOnlyFootage()
    {
        using var store = ClipStore.Open(_volume.BufferDirectory, 1_000, TimeProvider.System, NullLogger<ClipStore>.Instance);
        store.Accept(ClipFiles.Write(_volume, "cam1", "clip-1", ClipFiles.Content(400, 1), Day.AddHours(1)), _volume);
        store.Accept(Footage("footage-1", 500, 2, Day.AddHours(2)), _volume);

        var result = store.Accept(Footage("footage-2", 500, 3, Day.AddHours(3)), _volume);

        Assert.Equal(["footage-1"], result.Evicted.Select(c => c.EventId));
        Assert.Equal(["clip-1", "footage-2"], store.Pending().Select(c => c.EventId));
    }

    private ClipReady Footage(string id, int size, int seed, DateTimeOffset start) =>
        ClipFiles.Write(_volume, "cam1", id, ClipFiles.Content(size, seed), start) with { Kind = ClipKinds.Footage };
}
