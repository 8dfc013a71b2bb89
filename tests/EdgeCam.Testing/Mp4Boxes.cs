using System.Buffers.Binary;
using System.Text;

namespace EdgeCam.Testing;

/// <summary>Lists the top-level boxes of an MP4 file, to check that <c>moov</c> comes before <c>mdat</c> (faststart).</summary>
public static class Mp4Boxes
{
    /// <summary>The four-character types of the top-level boxes of <paramref name="path"/>, in file order.</summary>
    public static List<string> TopLevel(string path)
    {
        var types = new List<string>();
        using var stream = File.OpenRead(path);
        Span<byte> header = stackalloc byte[16];
        while (stream.Position + 8 <= stream.Length)
        {
            var start = stream.Position;
            stream.ReadExactly(header[..8]);
            long size = BinaryPrimitives.ReadUInt32BigEndian(header);
            types.Add(Encoding.ASCII.GetString(header[4..8]));
            if (size == 1)
            {
                stream.ReadExactly(header[8..16]);
                size = (long)BinaryPrimitives.ReadUInt64BigEndian(header[8..]);
            }
            else if (size == 0)
            {
                break;
            }

            stream.Position = start + size;
        }

        return types;
    }
}
