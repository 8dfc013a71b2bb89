namespace EdgeCam.SegmentRecorder.Cutting;

/// <summary>An event id becomes a file name; this refuses ids that could leave the clips directory.</summary>
public static class EventIds
{
    /// <summary>True when <paramref name="eventId"/> is usable as a file name.</summary>
    public static bool IsValid(string? eventId) =>
        !string.IsNullOrWhiteSpace(eventId)
        && eventId.Length <= 128
        && eventId is not "." and not ".."
        && eventId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    /// <summary>Throws when <paramref name="eventId"/> is not usable as a file name.</summary>
    public static void Check(string eventId)
    {
        if (!IsValid(eventId))
        {
            throw new ArgumentException($"Event id '{eventId}' is not usable as a file name (letters, digits, '-', '_', '.'; at most 128).", nameof(eventId));
        }
    }
}
