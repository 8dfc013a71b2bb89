using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeCam.Contracts;
using EdgeCam.Edge.Durability;

namespace EdgeCam.SegmentRecorder.Footage;

/// <summary>
/// Where each camera's footage stands: the end of the last footage file handed over (a segment boundary on the capture
/// clock), one file per camera in <c>journal/footage/&lt;camera&gt;.json</c>, replaced atomically and fsynced
/// (<see cref="DurableFile"/>). After a restart the tier resumes there, so no footage is made twice or skipped.
/// </summary>
public sealed class FootageCursor
{
    private const string EndName = "end";
    private readonly string _directory;
    private readonly Dictionary<string, DateTimeOffset> _cache = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public FootageCursor(SharedVolume volume)
    {
        ArgumentNullException.ThrowIfNull(volume);
        _directory = DirectoryOf(volume);
    }

    /// <summary><c>journal/footage/</c> on <paramref name="volume"/> (beside the clip job journal, never inside it).</summary>
    public static string DirectoryOf(SharedVolume volume)
    {
        ArgumentNullException.ThrowIfNull(volume);
        return Path.Combine(volume.Root, "journal", "footage");
    }

    /// <summary>The end of the last footage of <paramref name="cameraId"/> handed over, or null when none was (or the file is unreadable).</summary>
    public DateTimeOffset? EndOf(string cameraId)
    {
        lock (_gate)
        {
            if (_cache.TryGetValue(cameraId, out var cached))
            {
                return cached;
            }

            var path = PathOf(cameraId);
            try
            {
                if (!File.Exists(path) || JsonNode.Parse(File.ReadAllText(path, Encoding.UTF8))?[EndName]?.GetValue<string>() is not { } text)
                {
                    return null;
                }

                var end = DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
                _cache[cameraId] = end;
                return end;
            }
            catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
            {
                return null;
            }
        }
    }

    /// <summary>Records durably (before it returns) that footage of <paramref name="cameraId"/> up to <paramref name="end"/> was handed over.</summary>
    public void Advance(string cameraId, DateTimeOffset end)
    {
        lock (_gate)
        {
            Directory.CreateDirectory(_directory);
            var json = new JsonObject { [EndName] = end.ToString("O", CultureInfo.InvariantCulture) };
            DurableFile.WriteAtomically(PathOf(cameraId), Encoding.UTF8.GetBytes(json.ToJsonString()));
            _cache[cameraId] = end;
        }
    }

    private string PathOf(string cameraId) => Path.Combine(_directory, cameraId + ".json");
}
