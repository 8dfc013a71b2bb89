using System.Globalization;
using System.Text;

namespace EdgeCam.Media.Frames;

/// <summary>
/// Cuts ffmpeg's <c>mpjpeg</c> stream (<c>--ffmpeg</c>, headers with <c>Content-length</c>, a blank line, the JPEG,
/// CRLF) into whole JPEG files. The length header frames each part, so JPEG bytes are never scanned for markers.
/// </summary>
public sealed class MultipartJpegReader(Stream stream)
{
    /// <summary>A part larger than this is refused (a 4K JPEG at the best quality is a few MB).</summary>
    public const int MaxPartBytes = 32 * 1024 * 1024;

    // Header lines are read a byte at a time (about 60 bytes a part, a part a second): no buffer to own or to over-read.
    private readonly Stream _stream = stream;
    private readonly byte[] _one = new byte[1];

    /// <summary>The next JPEG, or null at the end of the stream (a part cut short by the end is dropped).</summary>
    /// <exception cref="InvalidDataException">The stream is not mpjpeg (a part without a valid Content-length).</exception>
    public async ValueTask<byte[]?> ReadAsync(CancellationToken cancellationToken)
    {
        int? length = null;
        var sawBoundary = false;
        while (true)
        {
            var line = await ReadLineAsync(cancellationToken);
            if (line is null)
            {
                return null;
            }

            if (line.StartsWith("--", StringComparison.Ordinal))
            {
                sawBoundary = true;
                continue;
            }

            if (line.Length == 0)
            {
                if (sawBoundary)
                {
                    break;
                }

                continue; // the CRLF after the previous part
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line[..colon].Trim().Equals("Content-length", StringComparison.OrdinalIgnoreCase))
            {
                length = int.TryParse(line[(colon + 1)..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is > 0 and <= MaxPartBytes
                    ? value
                    : throw new InvalidDataException($"mpjpeg part with an invalid Content-length: '{line[(colon + 1)..].Trim()}'.");
            }
        }

        if (length is not { } size)
        {
            throw new InvalidDataException("mpjpeg part without Content-length.");
        }

        var jpeg = new byte[size];
        var read = await _stream.ReadAtLeastAsync(jpeg, size, throwOnEndOfStream: false, cancellationToken);
        return read < size ? null : jpeg;
    }

    // Header lines are short ASCII; a line longer than 1 KB is not a header.
    private async ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = new StringBuilder();
        while (true)
        {
            if (await _stream.ReadAsync(_one, cancellationToken) == 0)
            {
                return null;
            }

            if (_one[0] == (byte)'\n')
            {
                return line.ToString().TrimEnd('\r');
            }

            if (line.Length >= 1024)
            {
                throw new InvalidDataException("mpjpeg header line longer than 1 KB.");
            }

            line.Append((char)_one[0]);
        }
    }
}
