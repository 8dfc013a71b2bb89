using System.Globalization;
using EdgeCam.CameraCapture.Motion;

namespace EdgeCam.CameraCapture.Tests.Motion.Oracle;

/// <summary>One OpenCV region: a connected component's box and pixel count.</summary>
internal sealed record OracleRegion(int Frame, int X, int Y, int Width, int Height, int Area);

/// <summary>The OpenCV pipeline's per-stage output for a run of frames.</summary>
internal sealed record OracleOutput(byte[] Blurred, byte[] Changed, byte[] Dilated, IReadOnlyList<OracleRegion> Regions);

/// <summary>
/// Runs motion_oracle.py (copied to the test output) under Debian's /usr/bin/python3 with python3-opencv, exchanging
/// raw gray frames through files in <paramref name="workDirectory"/>.
/// </summary>
internal static class OpenCvOracle
{
    public const string Python = "/usr/bin/python3";

    /// <summary>Fails the test with an install hint when python3-opencv is missing.</summary>
    public static async Task RequireAsync()
    {
        var (exit, error) = await RunAsync(["-c", "import cv2, numpy"]);
        if (exit != 0)
        {
            throw new InvalidOperationException($"python3-opencv is not installed ({Python} cannot import cv2: {error.Trim()}). Install it with: sudo apt-get install -y python3-opencv. Run device/install-deps.sh (or tests/run.sh, which calls it).");
        }
    }

    public static async Task<OracleOutput> ProcessAsync(string workDirectory, byte[] frames, int width, int height, MotionDetectorOptions options)
    {
        var input = Path.Combine(workDirectory, "frames.raw");
        File.WriteAllBytes(input, frames);
        var minPixels = Math.Max(1, (int)Math.Ceiling(options.MinRegionArea * width * height));
        var script = Path.Combine(AppContext.BaseDirectory, "Motion", "Oracle", "motion_oracle.py");
        string[] arguments =
        [
            script, input, Invariant(width), Invariant(height), Invariant(options.Threshold), Invariant(options.BackgroundAlpha),
            Invariant(options.ChangedAlpha), Invariant(minPixels), options.ImproveContrast ? "1" : "0", workDirectory,
        ];
        var (exit, error) = await RunAsync(arguments);
        if (exit != 0)
        {
            throw new InvalidOperationException($"motion_oracle.py failed (exit {exit}): {error}");
        }

        var regions = File.ReadAllLines(Path.Combine(workDirectory, "regions.txt"))
            .Where(line => line.Length > 0)
            .Select(line => line.Split(' ').Select(int.Parse).ToArray())
            .Select(v => new OracleRegion(v[0], v[1], v[2], v[3], v[4], v[5]))
            .ToList();
        return new OracleOutput(
            File.ReadAllBytes(Path.Combine(workDirectory, "blurred.raw")),
            File.ReadAllBytes(Path.Combine(workDirectory, "changed.raw")),
            File.ReadAllBytes(Path.Combine(workDirectory, "dilated.raw")),
            regions);
    }

    private static string Invariant(IFormattable value) => value.ToString(null, CultureInfo.InvariantCulture);

    private static async Task<(int Exit, string Error)> RunAsync(IReadOnlyList<string> arguments)
    {
        if (!File.Exists(Python))
        {
            return (-1, $"{Python} does not exist");
        }

        var (exitCode, _, error) = await ToolProcess.RunAsync(Python, arguments);
        return (exitCode, error);
    }
}
