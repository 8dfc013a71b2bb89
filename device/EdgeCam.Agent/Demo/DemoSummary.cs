using System.Globalization;
using System.Text.Json.Serialization;
using EdgeCam.Contracts.Alerts;
using EdgeCam.Contracts.Clips;
using EdgeCam.Contracts.Motion;

namespace EdgeCam.Agent.Demo;

/// <summary>What one demo run produced; printed at the end and written as summary.json next to the data.</summary>
public sealed record DemoSummary(
    string Source,
    IReadOnlyList<GroundTruthInterval>? GroundTruth,
    DateTimeOffset? SessionStartedAt,
    IReadOnlyList<DemoEvent> Events,
    IReadOnlyList<DemoClip> Clips,
    int AlertCount,
    string UploadTarget,
    string? UploadError,
    DemoFiles Files)
{
    /// <summary>Builds the summary from what the pipeline reported.</summary>
    public static DemoSummary From(
        PipelineSnapshot snapshot,
        string source,
        IReadOnlyList<GroundTruthInterval>? groundTruth,
        DateTimeOffset? sessionStartedAt,
        string uploadTarget,
        string? uploadError,
        DemoFiles files)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var events = snapshot.Started
            .OrderBy(s => s.Start)
            .Select(s => Event(s, snapshot.Ended.GetValueOrDefault(s.EventId), sessionStartedAt))
            .ToList();
        var clips = snapshot.Clips.Values
            .OrderBy(c => c.Start)
            .Select(c => Clip(c, snapshot.Uploads.GetValueOrDefault(c.EventId), files.SharedVolume))
            .ToList();
        return new DemoSummary(source, groundTruth, sessionStartedAt, events, clips, snapshot.Alerts.Count(a => a.Kind == "motion"), uploadTarget, uploadError, files);
    }

    /// <summary>The human-readable summary.</summary>
    public void WriteTo(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine();
        output.WriteLine("EdgeCam demo summary");
        output.WriteLine(Invariant($"  camera   {Source}"));
        if (GroundTruth is { Count: > 0 })
        {
            output.WriteLine(Invariant($"           scripted motion at {string.Join(", ", GroundTruth.Select(g => Invariant($"{g.StartSeconds:F1}-{g.EndSeconds:F1} s")))}"));
        }

        output.WriteLine(Invariant($"  events   {Events.Count}"));
        foreach (var (e, i) in Events.Select((e, i) => (e, i + 1)))
        {
            var end = e.EndSeconds is { } s ? Invariant($"{s,6:F1} s") : "  (open)";
            output.WriteLine(Invariant($"    {i}. {e.EventId}  start {e.StartSeconds,6:F1} s  end {end}  peak {e.PeakScore:P1}"));
        }

        output.WriteLine(Invariant($"  clips    {Clips.Count}"));
        foreach (var (c, i) in Clips.Select((c, i) => (c, i + 1)))
        {
            var blob = c.BlobName is null ? "NOT UPLOADED (kept in the buffer)" : $"-> {c.BlobName}";
            output.WriteLine(Invariant($"    {i}. {c.Path}  {c.DurationSeconds:F1} s  {c.SizeBytes / 1024.0 / 1024.0:F2} MiB  {blob}"));
        }

        var uploaded = Clips.Count(c => c.BlobName is not null);
        output.WriteLine(Invariant($"  uploads  {uploaded} of {Clips.Count} confirmed by {UploadTarget}"));
        if (UploadError is not null)
        {
            output.WriteLine($"           last upload error: {UploadError}");
        }

        output.WriteLine(Invariant($"  alerts   {AlertCount} motion alert(s) in {Files.AlertLog}"));
        output.WriteLine($"  files    shared volume {Files.SharedVolume}");
        output.WriteLine($"           summary       {Files.Summary}");
        if (Files.AzuriteData is not null)
        {
            output.WriteLine($"           azurite data  {Files.AzuriteData}");
        }
    }

    private static DemoEvent Event(MotionStarted started, MotionEnded? ended, DateTimeOffset? zero) => new(
        started.EventId,
        started.Start,
        ended?.End,
        Seconds(started.Start, zero),
        ended is null ? null : Seconds(ended.End, zero),
        ended?.PeakScore ?? started.Score);

    private static DemoClip Clip(ClipReady clip, ClipUploaded? uploaded, string volume) => new(
        clip.EventId,
        clip.ClipPath,
        Path.Combine(volume, clip.ClipPath),
        clip.Start,
        clip.End,
        clip.Duration.TotalSeconds,
        clip.SizeBytes,
        clip.ContentMd5,
        uploaded?.BlobName,
        uploaded?.Target);

    private static double Seconds(DateTimeOffset time, DateTimeOffset? zero) => zero is { } z ? (time - z).TotalSeconds : 0;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A scripted motion interval of the synthetic camera, in seconds from the start of the stream.</summary>
public sealed record GroundTruthInterval(double StartSeconds, double EndSeconds);

/// <summary>One motion event; seconds are from the start of the capture session.</summary>
public sealed record DemoEvent(string EventId, DateTimeOffset Start, DateTimeOffset? End, double StartSeconds, double? EndSeconds, double PeakScore);

/// <summary>One event clip and where it went.</summary>
public sealed record DemoClip(
    string EventId,
    string Path,
    string AbsolutePath,
    DateTimeOffset Start,
    DateTimeOffset End,
    double DurationSeconds,
    long SizeBytes,
    string ContentMd5,
    string? BlobName,
    string? Target);

/// <summary>Where the demo's files are.</summary>
public sealed record DemoFiles(string SharedVolume, string AlertLog, string Summary, string? AzuriteData);

/// <summary>JSON shape of summary.json.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(DemoSummary))]
public sealed partial class DemoJsonContext : JsonSerializerContext
{
}
