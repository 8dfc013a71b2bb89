using System.Buffers;

namespace EdgeCam.Media.Frames;

/// <summary>
/// Cuts a raw <c>gray</c> video stream (ffmpeg <c>-pix_fmt gray -f rawvideo</c>) into <see cref="GrayFrame"/>s,
/// using pooled buffers so that a long-running capture does not allocate per frame.
/// </summary>
public sealed class GrayFrameReader
{
    private readonly Stream _stream;
    private readonly ArrayPool<byte> _pool;
    private readonly int _width;
    private readonly int _height;
    private readonly double _framesPerSecond;
    private long _nextIndex;

    /// <summary>Reads frames of <paramref name="width"/> × <paramref name="height"/> produced at <paramref name="framesPerSecond"/>.</summary>
    public GrayFrameReader(Stream stream, int width, int height, double framesPerSecond, ArrayPool<byte>? pool = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(framesPerSecond);
        _stream = stream;
        _width = width;
        _height = height;
        _framesPerSecond = framesPerSecond;
        _pool = pool ?? ArrayPool<byte>.Shared;
    }

    /// <summary>Bytes of an incomplete last frame the stream ended with (0 when it ended on a frame boundary).</summary>
    public int TrailingBytes { get; private set; }

    /// <summary>Bytes in one frame.</summary>
    public int FrameSize => _width * _height;

    /// <summary>Reads the next whole frame, or null at the end of the stream (a trailing partial frame is discarded and counted in <see cref="TrailingBytes"/>).</summary>
    public async ValueTask<GrayFrame?> ReadAsync(CancellationToken cancellationToken)
    {
        var buffer = _pool.Rent(FrameSize);
        var read = await _stream.ReadAtLeastAsync(buffer.AsMemory(0, FrameSize), FrameSize, throwOnEndOfStream: false, cancellationToken);
        if (read < FrameSize)
        {
            TrailingBytes = read;
            _pool.Return(buffer);
            return null;
        }

        var index = _nextIndex++;
        return new GrayFrame(buffer, _pool, _width, _height, index, TimeSpan.FromSeconds(index / _framesPerSecond));
    }
}
