namespace EdgeCam.BlobBuffer.Archive;

/// <summary>What the motion messages said about one event: the highest score seen and the zones it touched.</summary>
/// <param name="CameraId">The camera.</param>
/// <param name="EventId">The motion event (never a clip part's <c>.partN</c> id).</param>
/// <param name="Score">The highest share of the frame that changed, 0..1 (the start's score, then the end's peak).</param>
/// <param name="Zones">Names of the configured zones the motion touched at its start (empty when none).</param>
public sealed record EventMotion(string CameraId, string EventId, double Score, IReadOnlyList<string> Zones);
