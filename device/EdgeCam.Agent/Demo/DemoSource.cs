namespace EdgeCam.Agent.Demo;

/// <summary>The camera the demo plays: what CameraCapture gets as <c>source</c>, how to describe it, and the truth when synthetic.</summary>
public sealed record DemoSource(string Source, string Description, IReadOnlyList<GroundTruthInterval>? GroundTruth)
{
    /// <summary>Why a local file source cannot be played, or null. URLs and devices are left to CameraCapture to open.</summary>
    public static string? ProblemWith(string source)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        if (source.Contains("://", StringComparison.Ordinal) || source.StartsWith("/dev/", StringComparison.Ordinal))
        {
            return null;
        }

        if (Directory.Exists(source))
        {
            return "it is a directory, not a video file";
        }

        if (!File.Exists(source))
        {
            return "no such file";
        }

        try
        {
            using var stream = File.OpenRead(source);
            return stream.Length == 0 ? "the file is empty" : null;
        }
        catch (UnauthorizedAccessException)
        {
            return "permission denied";
        }
        catch (IOException ex)
        {
            return ex.Message;
        }
    }
}
