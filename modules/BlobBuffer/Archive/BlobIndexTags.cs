using System.Globalization;
using System.Text;
using EdgeCam.BlobBuffer.Store;

namespace EdgeCam.BlobBuffer.Archive;

/// <summary>
/// The blob index tags every committed blob gets, so the owner can find footage with a tag query
/// (<c>"camera" = 'cam1' AND "kind" = 'clip' AND "score" &gt; '0.300'</c>): <c>camera</c>, <c>event</c> (a clip part's
/// event, without <c>.partN</c>), <c>kind</c>, and for a motion event <c>score</c> and <c>zones</c>. Azure's rules: at most
/// 10 tags, keys 1-128 and values 0-256 characters of <c>a-z A-Z 0-9 space + - . / : = _</c>.
/// </summary>
public static class BlobIndexTags
{
    public const string Camera = "camera";
    public const string Event = "event";
    public const string Kind = "kind";
    public const string Score = "score";
    public const string Zones = "zones";

    /// <summary>The longest tag value Azure accepts.</summary>
    public const int MaxValueLength = 256;

    /// <summary>
    /// The tags of <paramref name="clip"/>; <paramref name="motion"/> adds <c>score</c> and <c>zones</c> (none for a file
    /// without a motion event: a trigger's clip, footage, an export, a time-lapse, or an event the book forgot).
    /// </summary>
    public static IReadOnlyDictionary<string, string> For(BufferedClip clip, EventMotion? motion)
    {
        ArgumentNullException.ThrowIfNull(clip);
        var tags = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [Camera] = Value(clip.CameraId),
            [Event] = Value(EventOf(clip.EventId)),
            [Kind] = Value(clip.Kind),
        };
        if (motion is not null)
        {
            tags[Score] = ScoreValue(motion.Score);
            if (motion.Zones.Count > 0)
            {
                tags[Zones] = ZonesValue(motion.Zones);
            }
        }

        return tags;
    }

    /// <summary>
    /// A score as a fixed-width decimal, <c>0.000</c> to <c>1.000</c>: tag queries compare values as strings, and with a
    /// fixed width string order is numeric order.
    /// </summary>
    public static string ScoreValue(double score) => Math.Clamp(score, 0, 1).ToString("0.000", CultureInfo.InvariantCulture);

    /// <summary>
    /// Zone names sorted and joined by one space, each made a valid tag value (<see cref="Value"/>; a space inside a name
    /// becomes <c>_</c>, so the space only separates names), cut to <see cref="MaxValueLength"/> characters.
    /// </summary>
    public static string ZonesValue(IEnumerable<string> zones)
    {
        ArgumentNullException.ThrowIfNull(zones);
        var names = zones.Select(z => Value(z).Replace(' ', '_')).Where(z => z.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        return Value(string.Join(' ', names));
    }

    /// <summary>
    /// <paramref name="text"/> as a tag value: every character outside <c>a-z A-Z 0-9 space + - . / : = _</c> becomes
    /// <c>_</c>, and it is cut to <see cref="MaxValueLength"/> characters.
    /// </summary>
    public static string Value(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var value = new StringBuilder(Math.Min(text.Length, MaxValueLength));
        foreach (var c in text.AsSpan(0, Math.Min(text.Length, MaxValueLength)))
        {
            value.Append(IsAllowed(c) ? c : '_');
        }

        return value.ToString();
    }

    /// <summary>True when <paramref name="c"/> may appear in a tag key or value.</summary>
    public static bool IsAllowed(char c) => char.IsAsciiLetterOrDigit(c) || c is ' ' or '+' or '-' or '.' or '/' or ':' or '=' or '_';

    /// <summary>The event of a clip part: <c>&lt;event&gt;.partN</c> is <c>&lt;event&gt;</c>; any other id is itself.</summary>
    public static string EventOf(string eventId)
    {
        ArgumentNullException.ThrowIfNull(eventId);
        var part = eventId.LastIndexOf(".part", StringComparison.Ordinal);
        return part > 0 && eventId.Length > part + 5 && eventId[(part + 5)..].All(char.IsAsciiDigit) ? eventId[..part] : eventId;
    }
}
