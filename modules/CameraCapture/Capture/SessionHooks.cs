using EdgeCam.CameraCapture.Journal;
using EdgeCam.CameraCapture.Motion;
using EdgeCam.CameraCapture.NightVision;
using EdgeCam.CameraCapture.Snapshots;
using EdgeCam.CameraCapture.Tamper;
using EdgeCam.Media.Frames;
using EdgeCam.Media.Live;

namespace EdgeCam.CameraCapture.Capture;

/// <summary>
/// What a capture session shares with the module-wide parts: night vision learns the session's detector (to make it
/// re-learn on an IR switch) and sees every frame's brightness; snapshots keep the newest colour JPEGs and write one per event;
/// motion settings changed on the twin reach the detector and tracker before the next frame; the camera's motion journal
/// keeps the session's events until they are sent; the tamper check sees every frame and re-learns with the detector on
/// an IR switch; live viewers get every colour JPEG; the frame counters count every analysis frame and the capture
/// process's drops. Each call is cheap and never waits.
/// </summary>
internal sealed class SessionHooks(NightVisionController? nightVision, SnapshotWriter? snapshots, LiveMotionSettings? motion = null, MotionJournal? journal = null, TamperWatch? tamper = null, LiveFrameRelay? live = null, FrameCounters? counters = null)
{
    public static SessionHooks None { get; } = new(null, null);

    /// <summary>The camera's motion journal (null: events are not journaled).</summary>
    public MotionJournal? Journal => journal;

    /// <summary>Brings <paramref name="detector"/> and <paramref name="tracker"/> to the motion settings in force.</summary>
    public void BeforeFrame(MotionDetector detector, MotionEventTracker tracker) => motion?.ApplyTo(detector, tracker);

    public void SessionStarted(MotionDetector detector)
    {
        nightVision?.AttachDetector(tamper is null ? detector.Relearn : () =>
        {
            detector.Relearn();
            tamper.Relearn();
        });
        snapshots?.SessionStarted();
    }

    public void SessionEnded()
    {
        nightVision?.AttachDetector(null);
        snapshots?.SessionEnded();
    }

    /// <summary>The capture process started; <paramref name="droppedSoFar"/> reads its drop count.</summary>
    public void ProcessStarted(Func<long> droppedSoFar) => counters?.ProcessStarted(droppedSoFar);

    /// <summary>The capture process exited having dropped <paramref name="dropped"/> frames.</summary>
    public void ProcessEnded(long dropped) => counters?.ProcessEnded(dropped);

    public void Frame(ReadOnlySpan<byte> pixels, int width, int height)
    {
        counters?.FrameAnalysed();
        nightVision?.ObserveFrame(pixels);
        tamper?.ObserveFrame(pixels, width, height);
    }

    public void ColourFrame(ColourFrame frame)
    {
        snapshots?.ObserveFrame(frame);
        live?.Publish(frame.Jpeg);
    }

    public string? SnapshotFor(string cameraId, string eventId, TimeSpan streamStart, DateTimeOffset eventStart) =>
        snapshots?.RequestForEvent(cameraId, eventId, streamStart, eventStart);
}
