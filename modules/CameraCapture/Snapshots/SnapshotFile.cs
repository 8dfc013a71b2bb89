using EdgeCam.CameraCapture.Snapshots.Jpeg;

namespace EdgeCam.CameraCapture.Snapshots;

/// <summary>Writes one gray frame as a JPEG file (managed encoder, no process), under a temporary name then renamed, so readers never see half a file.</summary>
internal static class SnapshotFile
{
    /// <summary>Encodes <paramref name="pixels"/> at <paramref name="qscale"/> (the <c>snapshots.quality</c> setting, ffmpeg's 2–31 scale) to <paramref name="path"/>.</summary>
    public static async Task WriteAsync(ReadOnlyMemory<byte> pixels, int width, int height, int qscale, string path, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp.jpg";

        // A gray JPEG at these qualities stays well under 1 byte a pixel; the buffer grows if a noisy frame needs more.
        using var jpeg = new JpegBuffer((width * height / 2) + 1024);
        GrayJpegEncoder.Encode(pixels.Span, width, height, QuantizationTable.QualityFromFfmpegScale(qscale), jpeg);
        await using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1, useAsync: true))
        {
            await file.WriteAsync(jpeg.Written, cancellationToken);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
