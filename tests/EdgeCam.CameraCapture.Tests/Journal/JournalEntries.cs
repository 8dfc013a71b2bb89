using System.Text.Json;
using EdgeCam.CameraCapture.Journal;
using EdgeCam.Contracts.Motion;

namespace EdgeCam.CameraCapture.Tests.Journal;

/// <summary>Motion events and journal files as the tests need them.</summary>
internal static class JournalEntries
{
    public static readonly DateTimeOffset Start = new(2026, 11, 21, 8, 0, 10, TimeSpan.Zero);

    public static MotionStarted Started(string eventId, DateTimeOffset? start = null) =>
        new("porch", eventId, start ?? Start, 0.12, [new MotionRegion(10, 20, 30, 40, 900)], $"snapshots/porch/{eventId}.jpg") { Zones = ["gate"] };

    public static JournaledMotionEvent Read(string path) =>
        JsonSerializer.Deserialize(File.ReadAllBytes(path), JournalJsonContext.Default.JournaledMotionEvent)!;
}
