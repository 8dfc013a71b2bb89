using System.Buffers;

namespace EdgeCam.Media.Frames;

/// <summary>
/// One 8-bit grayscale analysis frame (row-major, <see cref="Width"/> bytes per row) in a pooled buffer.
/// The consumer disposes it when done, which returns the buffer to the pool; <see cref="Pixels"/> must not be used after.
/// </summary>
public sealed class GrayFrame : IDisposable
{
    private readonly ArrayPool<byte>? _pool;
    private byte[]? _buffer;

    internal GrayFrame(byte[] buffer, ArrayPool<byte>? pool, int width, int height, long index, TimeSpan timestamp)
    {
        _buffer = buffer;
        _pool = pool;
        Width = width;
        Height = height;
        Index = index;
        Timestamp = timestamp;
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Position in the analysis stream, from 0.</summary>
    public long Index { get; }

    /// <summary>Stream time of the frame: <see cref="Index"/> divided by the analysis frame rate.</summary>
    public TimeSpan Timestamp { get; }

    /// <summary>The pixels, <see cref="Width"/> × <see cref="Height"/> bytes.</summary>
    public ReadOnlySpan<byte> Pixels => (_buffer ?? throw new ObjectDisposedException(nameof(GrayFrame))).AsSpan(0, Width * Height);

    /// <summary>A frame over caller-owned pixels (tests, in-memory sources); nothing is pooled.</summary>
    public static GrayFrame FromPixels(byte[] pixels, int width, int height, long index, TimeSpan timestamp)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentOutOfRangeException.ThrowIfLessThan(pixels.Length, width * height);
        return new GrayFrame(pixels, null, width, height, index, timestamp);
    }

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null)
        {
            _pool?.Return(buffer);
        }
    }
}
