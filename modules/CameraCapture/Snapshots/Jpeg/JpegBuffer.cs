using System.Buffers;
using System.Buffers.Binary;

namespace EdgeCam.CameraCapture.Snapshots.Jpeg;

/// <summary>
/// A growable output buffer rented from <see cref="ArrayPool{T}"/> (returned on dispose) with the bit writer of the
/// entropy-coded segment: bits go in most-significant first, every 0xFF byte of the segment is followed by a stuffed
/// 0x00 (ITU-T T.81 F.1.2.3), and the last byte is padded with 1-bits.
/// </summary>
internal sealed class JpegBuffer(int initialCapacity) : IDisposable
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(initialCapacity, 1024));
    private int _length;
    private ulong _bits;
    private int _bitCount;

    /// <summary>The bytes written so far (valid until the next write or dispose).</summary>
    public ReadOnlyMemory<byte> Written => _buffer.AsMemory(0, _length);

    public void WriteByte(byte value)
    {
        if (_length == _buffer.Length)
        {
            Grow();
        }

        _buffer[_length++] = value;
    }

    /// <summary>A 16-bit big-endian value (marker segment lengths and dimensions).</summary>
    public void WriteUInt16(int value)
    {
        Span<byte> bytes = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, checked((ushort)value));
        Write(bytes);
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        while (_length + bytes.Length > _buffer.Length)
        {
            Grow();
        }

        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    /// <summary>Appends the low <paramref name="count"/> bits (0–16) of <paramref name="value"/> to the entropy-coded segment.</summary>
    public void WriteBits(int value, int count)
    {
        _bits = (_bits << count) | ((uint)value & ((1u << count) - 1));
        _bitCount += count;
        while (_bitCount >= 8)
        {
            _bitCount -= 8;
            var next = (byte)(_bits >> _bitCount);
            WriteByte(next);
            if (next == 0xFF)
            {
                WriteByte(0x00);
            }
        }
    }

    /// <summary>Completes the entropy-coded segment: fills the last byte with 1-bits (F.1.2.3).</summary>
    public void FlushBits()
    {
        if (_bitCount > 0)
        {
            WriteBits(0x7F, 8 - _bitCount);
        }
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
        _length = 0;
    }

    private void Grow()
    {
        var larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
        _buffer.AsSpan(0, _length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }
}
