namespace EdgeCam.Media.Capture;

/// <summary>Which H.264 encoder makes the segments of a source that cannot be stream-copied (MJPEG, raw, MPEG-4 part 2…).</summary>
public enum SegmentEncoder
{
    /// <summary>The device's hardware encoder when it has one (<see cref="V4l2m2m"/>), else <see cref="X264"/>.</summary>
    Auto,

    /// <summary>libx264 <c>ultrafast</c>, <c>zerolatency</c>: software, everywhere, costs CPU.</summary>
    X264,

    /// <summary>ffmpeg's <c>h264_v4l2m2m</c>: the Pi 4's hardware H.264 encoder (a V4L2 memory-to-memory device).</summary>
    V4l2m2m,
}

/// <summary>Turns <see cref="SegmentEncoder.Auto"/> into a concrete encoder and gives each encoder's ffmpeg arguments.</summary>
public static class SegmentEncoderChoice
{
    /// <summary>The Pi 4's (bcm2835-codec) H.264 encoder device. A Pi 5 has none: it encodes with x264.</summary>
    public const string HardwareEncoderDevice = "/dev/video11";

    /// <summary>Seconds between forced keyframes: the segment muxer can only cut there.</summary>
    public const int KeyframeSeconds = 2;

    /// <summary>The encoder <paramref name="encoder"/> means on this machine; <paramref name="deviceExists"/> checks a path (null: the file system).</summary>
    public static SegmentEncoder Resolve(SegmentEncoder encoder, Func<string, bool>? deviceExists = null)
    {
        if (encoder != SegmentEncoder.Auto)
        {
            return encoder;
        }

        return (deviceExists ?? File.Exists)(HardwareEncoderDevice) ? SegmentEncoder.V4l2m2m : SegmentEncoder.X264;
    }

    /// <summary>The output arguments for <paramref name="encoder"/> (resolved), with a keyframe every <see cref="KeyframeSeconds"/> s whatever the rate.</summary>
    public static IReadOnlyList<string> Arguments(SegmentEncoder encoder)
    {
        var keyframes = new[] { "-force_key_frames", $"expr:gte(t,n_forced*{KeyframeSeconds})" };
        string[] codec = encoder switch
        {
            SegmentEncoder.V4l2m2m => ["-c:v", "h264_v4l2m2m", "-b:v", "4M", "-pix_fmt", "yuv420p"],
            SegmentEncoder.X264 => ["-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-pix_fmt", "yuv420p"],
            _ => throw new ArgumentOutOfRangeException(nameof(encoder), encoder, "Resolve Auto first."),
        };
        return [.. codec, .. keyframes];
    }
}
