using System.Buffers.Binary;

namespace EdgeCam.CameraCapture.Timelapse;

/// <summary>The picture size in a JPEG's start-of-frame header (ITU T.81, B.2.2), without decoding it.</summary>
internal static class JpegSize
{
    /// <summary>Reads the width and height of <paramref name="jpeg"/>; false when it is not a JPEG with a frame header.</summary>
    public static bool TryRead(ReadOnlySpan<byte> jpeg, out int width, out int height)
    {
        width = height = 0;
        if (jpeg.Length < 4 || jpeg[0] != 0xFF || jpeg[1] != 0xD8)
        {
            return false;
        }

        var at = 2;
        while (at + 4 <= jpeg.Length)
        {
            if (jpeg[at] != 0xFF)
            {
                return false;
            }

            var marker = jpeg[at + 1];
            if (marker == 0xFF)
            {
                at++; // Fill byte before a marker.
                continue;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(jpeg[(at + 2)..]);
            // SOF0-SOF15 except DHT (C4), JPG (C8) and DAC (CC): length, precision, height, width.
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                if (at + 9 > jpeg.Length)
                {
                    return false;
                }

                height = BinaryPrimitives.ReadUInt16BigEndian(jpeg[(at + 5)..]);
                width = BinaryPrimitives.ReadUInt16BigEndian(jpeg[(at + 7)..]);
                return width > 0 && height > 0;
            }

            if (marker == 0xDA || length < 2)
            {
                return false; // Scan data before any frame header, or a broken segment.
            }

            at += 2 + length;
        }

        return false;
    }
}
