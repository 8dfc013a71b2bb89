namespace EdgeCam.Containers.Tests.Modules;

/// <summary>One module as the container tests build it: its folder under modules/, and whether its image carries ffmpeg.</summary>
public sealed record ModuleImage(string Module, bool NeedsMedia)
{
    public static IReadOnlyList<ModuleImage> All { get; } =
    [
        new("CameraCapture", NeedsMedia: true),
        new("SegmentRecorder", NeedsMedia: true),
        new("BlobBuffer", NeedsMedia: false),
        new("EventRouter", NeedsMedia: false),
        new("Console", NeedsMedia: false),
    ];

    public static ModuleImage Named(string module) => All.Single(m => m.Module == module);

    /// <summary>The tag the tests build (the private daemon keeps it between runs, so a rebuild reuses its layers).</summary>
    public string Tag => $"edgecam-test/{Module.ToLowerInvariant()}:amd64";
}
