namespace EdgeCam.Media.Frames;

/// <summary>One colour JPEG of the camera's own stream, at its full size, as the capture process encoded it.</summary>
/// <param name="Index">0-based number of the JPEG in its capture session.</param>
/// <param name="Timestamp">Stream time of the frame: <paramref name="Index"/> / the colour rate (the analysis frames' clock).</param>
/// <param name="Jpeg">The whole JPEG file.</param>
public sealed record ColourFrame(long Index, TimeSpan Timestamp, ReadOnlyMemory<byte> Jpeg);
