using System.Globalization;

namespace EdgeCam.CameraCapture.Tests.Accuracy;

/// <summary>
/// A synthetic scene for the accuracy suite, rendered by ffmpeg (lavfi) at test time: a textured background, sensor
/// noise, optional objects (box size and speed) with known visible intervals, and optional disturbances.
/// </summary>
/// <param name="Name">Row name in the table.</param>
/// <param name="Seconds">Length.</param>
/// <param name="Objects">Moving objects: truth intervals.</param>
/// <param name="Filters">Extra filters after the scene (light changes, IR switch, specks), or empty.</param>
/// <param name="Noise">Temporal noise strength of ffmpeg's <c>noise</c> filter.</param>
/// <param name="Specks">Small bright dots darting across the frame (insects or rain lit by the IR LEDs).</param>
/// <param name="Disturbance">True when the clip must give no event at all (light switch, ramp, IR, specks).</param>
/// <param name="Scene">A lavfi source replacing the default still textured scene (e.g. one that changes over time), or null.</param>
internal sealed record AccuracyClip(string Name, double Seconds, IReadOnlyList<MovingObject> Objects, string Filters = "", int Noise = 6, bool Disturbance = false, int Specks = 0, string? Scene = null)
{
    public const int Width = 320;
    public const int Height = 180;
    public const int Fps = 10;

    public IReadOnlyList<string> FfmpegArguments(string outputPath)
    {
        var scene = Scene ?? $"color=c=gray:s={Width}x{Height}:r={Fps}:d=1,"
            + "geq=lum='128+50*sin(X/11)*cos(Y/7)+40*sin((X+2*Y)/37)':cb='128+30*sin(X/53)':cr='128+30*cos(Y/29)',"
            + "loop=loop=-1:size=1:start=0";
        var arguments = new List<string> { "-hide_banner", "-nostdin", "-loglevel", "error", "-y", "-f", "lavfi", "-i", scene };
        var graph = "[0]null[s0]";
        for (var i = 0; i < Objects.Count; i++)
        {
            var o = Objects[i];
            arguments.AddRange(["-f", "lavfi", "-i", Invariant($"color=c=0xE0E0E0:s={o.Width}x{o.Height}:r={Fps}")]);
            var x = Invariant($"mod({o.SpeedPixelsPerSecond}*(t-{o.Start}),W+w)-w");
            var y = Invariant($"{o.Y}+10*sin(t)");
            graph += Invariant($";[s{i}][{i + 1}]overlay=x='{x}':y='{y}':enable='between(t,{o.Start},{o.End})'[s{i + 1}]");
        }

        var last = Objects.Count;
        for (var k = 0; k < Specks; k++)
        {
            arguments.AddRange(["-f", "lavfi", "-i", Invariant($"color=c=white:s=3x3:r={Fps}")]);
            var x = Invariant($"mod(t*{300 + (k * 47)}+{k * 53},W)");
            var y = Invariant($"mod(t*{190 + (k * 31)}+{k * 29},H)");
            graph += Invariant($";[s{last}][{last + 1}]overlay=x='{x}':y='{y}'[s{last + 1}]");
            last++;
        }

        var filters = Filters.Length > 0 ? "," + Filters : string.Empty;
        graph += Invariant($";[s{last}]noise=alls={Noise}:allf=t{filters},format=yuv420p");
        arguments.AddRange(["-filter_complex", graph, "-t", Invariant($"{Seconds}"), "-an", "-c:v", "libx264", "-preset", "ultrafast",
            "-g", Invariant($"{Fps}"), outputPath]);
        return arguments;
    }

    public override string ToString() => Name;

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A box crossing the frame left to right, visible from <see cref="Start"/> to <see cref="End"/> seconds.</summary>
internal sealed record MovingObject(double Start, double End, int Width, int Height, double SpeedPixelsPerSecond, int Y = 70);
