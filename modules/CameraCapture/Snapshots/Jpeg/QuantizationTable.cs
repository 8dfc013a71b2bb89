namespace EdgeCam.CameraCapture.Snapshots.Jpeg;

/// <summary>
/// The luminance quantisation table: ITU-T T.81 Annex K, Table K.1, scaled IJG-style by a 1–100 quality
/// (50 = the table as printed, 100 = all ones) and clamped to 1–255 (8-bit precision, Pq = 0, as baseline requires).
/// </summary>
internal static class QuantizationTable
{
    /// <summary>Table K.1 (luminance), in natural (row-major) order.</summary>
    private static ReadOnlySpan<byte> AnnexKLuminance =>
    [
        16, 11, 10, 16, 24, 40, 51, 61,
        12, 12, 14, 19, 26, 58, 60, 55,
        14, 13, 16, 24, 40, 57, 69, 56,
        14, 17, 22, 29, 51, 87, 80, 62,
        18, 22, 37, 56, 68, 109, 103, 77,
        24, 35, 55, 64, 81, 104, 113, 92,
        49, 64, 78, 87, 103, 121, 120, 101,
        72, 92, 95, 98, 112, 100, 103, 99,
    ];

    /// <summary>
    /// Maps the <c>snapshots.quality</c> setting (ffmpeg's <c>-q:v</c> scale, 2 best … 31) to a 1–100 quality:
    /// the table is scaled by q × 12.5 % (q/8, the factor ffmpeg's MJPEG encoder applies to its own matrix), which in
    /// IJG terms is quality 100 − 6.25·q for q ≤ 8 and 400/q above (2 → 88, 4 → 75, 8 → 50, 31 → 13).
    /// </summary>
    public static int QualityFromFfmpegScale(int qscale)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(qscale, 1);
        var percent = qscale * 12.5;
        var quality = percent <= 100 ? (200 - percent) / 2 : 5000 / percent;
        return Math.Clamp((int)Math.Round(quality, MidpointRounding.AwayFromZero), 1, 100);
    }

    /// <summary>Writes the scaled table for <paramref name="quality"/> (1–100) into <paramref name="natural"/> (64 entries, natural order).</summary>
    public static void Build(int quality, Span<byte> natural)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(quality, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quality, 100);
        ArgumentOutOfRangeException.ThrowIfLessThan(natural.Length, 64);

        // IJG scaling: percent = 5000/Q below 50, 200 − 2Q from 50 up; entry = (base·percent + 50) / 100.
        var percent = quality < 50 ? 5000 / quality : 200 - (2 * quality);
        for (var i = 0; i < 64; i++)
        {
            natural[i] = (byte)Math.Clamp(((AnnexKLuminance[i] * percent) + 50) / 100, 1, 255);
        }
    }
}
