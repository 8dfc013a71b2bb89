using System.Globalization;
using EdgeCam.Contracts;
using EdgeCam.Contracts.Capture;
using EdgeCam.Contracts.Serialization;
using EdgeCam.Media.Processes;
using EdgeCam.Testing;

namespace EdgeCam.SegmentRecorder.Tests.Fakes;

/// <summary>
/// Plays CameraCapture's part on a shared volume: a session directory with session.json and segments, either real
/// MPEG-TS from ffmpeg (15 fps, a keyframe every second) or placeholder files of a given size.
/// </summary>
internal static class SpoolWriter
{
    public const double KeyframeIntervalSeconds = 1.0;

    public static void WriteSession(SharedVolume volume, CaptureSession session)
    {
        var dir = volume.SessionDirectory(session.CameraId, session.SessionId);
        Directory.CreateDirectory(dir);
        File.WriteAllBytes(Path.Combine(dir, CaptureSession.FileName), ContractJson.Serialize(session, ContractsJsonContext.Default.CaptureSession));
    }

    /// <summary>Real segments of <paramref name="segmentSeconds"/> covering <paramref name="seconds"/> of stream time.</summary>
    public static async Task<string> RecordAsync(SharedVolume volume, CaptureSession session, int seconds, int segmentSeconds = 2)
    {
        WriteSession(volume, session);
        var dir = volume.SessionDirectory(session.CameraId, session.SessionId);
        var result = await ToolRunner.RunAsync(
            RequiredTool.Ffmpeg(),
            ["-hide_banner", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=15", "-t", seconds.ToString(CultureInfo.InvariantCulture),
                "-c:v", "libx264", "-preset", "ultrafast", "-g", "15", "-sc_threshold", "0",
                "-f", "segment", "-segment_time", segmentSeconds.ToString(CultureInfo.InvariantCulture), "-segment_format", "mpegts", "-segment_start_number", "1",
                "-segment_list", Path.Combine(dir, CaptureSession.SegmentListFileName), "-segment_list_type", "csv", "-reset_timestamps", "1",
                Path.Combine(dir, "seg_%06d.ts")],
            CancellationToken.None);
        Assert.True(result.ExitCode == 0, "ffmpeg failed to make test segments: " + result.ErrorTail());
        return dir;
    }

    /// <summary>Placeholder segments of <paramref name="bytes"/> each, listed back to back.</summary>
    public static string WritePlaceholders(SharedVolume volume, CaptureSession session, int count, double segmentSeconds, int bytes)
    {
        WriteSession(volume, session);
        var dir = volume.SessionDirectory(session.CameraId, session.SessionId);
        using var list = new StreamWriter(Path.Combine(dir, CaptureSession.SegmentListFileName));
        for (var i = 0; i < count; i++)
        {
            var name = $"seg_{i + 1:000000}.ts";
            File.WriteAllBytes(Path.Combine(dir, name), new byte[bytes]);
            list.Write(string.Create(CultureInfo.InvariantCulture, $"{name},{i * segmentSeconds:0.000000},{(i + 1) * segmentSeconds:0.000000}\n"));
        }

        return dir;
    }

    /// <summary>
    /// Appends segment <paramref name="number"/> (1-based) of <paramref name="segmentSeconds"/> to a session's list, as a
    /// sparse file of <paramref name="bytes"/>: its length counts against the retention bound, its blocks do not fill the test's disk.
    /// </summary>
    public static string AppendSparse(SharedVolume volume, CaptureSession session, int number, double segmentSeconds, long bytes)
    {
        var dir = volume.SessionDirectory(session.CameraId, session.SessionId);
        var name = $"seg_{number:000000}.ts";
        var path = Path.Combine(dir, name);
        using (var file = new FileStream(path, FileMode.Create))
        {
            file.SetLength(bytes);
        }

        File.AppendAllText(
            Path.Combine(dir, CaptureSession.SegmentListFileName),
            string.Create(CultureInfo.InvariantCulture, $"{name},{(number - 1) * segmentSeconds:0.000000},{number * segmentSeconds:0.000000}\n"));
        return path;
    }
}
