using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure;
using Azure.Storage.Blobs;
using EdgeCam.Contracts.Alerts;
using EdgeCam.Contracts.Serialization;

namespace EdgeCam.Agent.Tests.Faults;

/// <summary>
/// What a fault run left: the events the agent told the world about (its motion alerts in <c>alerts.jsonl</c>, each
/// flushed before the alert was considered sent), the clips on disk, and the blobs in storage, downloaded and compared
/// byte for byte (MD5) with the clip of the same name on disk.
/// </summary>
internal sealed partial record ClipAudit(
    IReadOnlyList<string> Detected,
    int ClipsCut,
    int ClipsInStorage,
    IReadOnlyList<string> Duplicates,
    IReadOnlyList<string> Md5Mismatches,
    IReadOnlyList<string> NotCut,
    IReadOnlyList<string> NotStored)
{
    /// <summary>Detected events without a complete set of clips (every part cut is in storage and matches).</summary>
    public IReadOnlyList<string> Lost => [.. NotCut, .. NotStored];

    public static async Task<ClipAudit> TakeAsync(string dataDirectory, string connectionString, CancellationToken cancellationToken)
    {
        var detected = DetectedEvents(Path.Combine(dataDirectory, "alerts.jsonl"));
        var clipDirectory = Path.Combine(dataDirectory, "volume", "clips", FaultTemplate.CameraId);
        var onDisk = Directory.Exists(clipDirectory)
            ? Directory.EnumerateFiles(clipDirectory, "*.mp4").Where(f => !Path.GetFileName(f).StartsWith('.')).ToDictionary(f => Path.GetFileNameWithoutExtension(f), StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);

        var container = new BlobContainerClient(connectionString, FaultTemplate.Container, new BlobClientOptions(BlobClientOptions.ServiceVersion.V2025_11_05));
        var stored = new List<(string Clip, string Blob, bool Matches)>();
        try
        {
            await foreach (var blob in container.GetBlobsAsync(cancellationToken: cancellationToken))
            {
                if (!blob.Name.EndsWith(".mp4", StringComparison.Ordinal))
                {
                    continue; // an event's colour snapshot (.jpg) lives beside its clips; this audit is about clips
                }

                var match = BlobName().Match(Path.GetFileName(blob.Name));
                var clip = match.Success ? match.Groups["clip"].Value : blob.Name;
                var remote = (await container.GetBlobClient(blob.Name).DownloadContentAsync(cancellationToken)).Value.Content.ToArray();
                var matches = onDisk.TryGetValue(clip, out var local)
                    && SameContent(remote, await File.ReadAllBytesAsync(local, cancellationToken));
                stored.Add((clip, blob.Name, matches));
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // No container yet: nothing was uploaded.
        }

        var storedClips = stored.GroupBy(s => s.Clip, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var notCut = new List<string>();
        var notStored = new List<string>();
        foreach (var eventId in detected)
        {
            var parts = onDisk.Keys.Where(k => k == eventId || k.StartsWith(eventId + ".part", StringComparison.Ordinal)).ToList();
            if (parts.Count == 0)
            {
                notCut.Add(eventId);
            }
            else if (!parts.All(p => storedClips.TryGetValue(p, out var blobs) && blobs.Exists(b => b.Matches)))
            {
                notStored.Add(eventId);
            }
        }

        return new ClipAudit(
            detected,
            onDisk.Count,
            stored.Count,
            [.. storedClips.Where(kv => kv.Value.Count > 1).SelectMany(kv => kv.Value.Skip(1).Select(b => b.Blob))],
            [.. stored.Where(s => !s.Matches).Select(s => s.Blob)],
            notCut,
            notStored);
    }

    /// <summary>The events of the motion alerts in <paramref name="alertLog"/>, in order, each once.</summary>
    public static IReadOnlyList<string> DetectedEvents(string alertLog)
    {
        if (!File.Exists(alertLog))
        {
            return [];
        }

        // Read as a sequence of JSON values rather than lines: a kill between an alert's body and its newline leaves
        // the next run's first alert on the same line.
        var bytes = File.ReadAllBytes(alertLog);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { AllowMultipleValues = true });
        var events = new List<string>();
        while (reader.Read())
        {
            using var value = JsonDocument.ParseValue(ref reader);
            var alert = ContractJson.Deserialize(Encoding.UTF8.GetBytes(value.RootElement.GetRawText()), ContractsJsonContext.Default.Alert);
            if (alert.Kind == "motion" && alert.EventId is { } eventId && !events.Contains(eventId))
            {
                events.Add(eventId);
            }
        }

        return events;
    }

    private static bool SameContent(byte[] remote, byte[] local) => MD5.HashData(remote).AsSpan().SequenceEqual(MD5.HashData(local));

    /// <summary>The table the fault tests and tests/faults/*.sh print.</summary>
    public string Table(string heading) => new StringBuilder()
        .AppendLine(heading)
        .AppendLine("| events detected | clips cut | clips in storage | duplicates | MD5 mismatches | lost (not cut / cut, not stored) |")
        .AppendLine("|---|---|---|---|---|---|")
        .AppendLine($"| {Detected.Count} | {ClipsCut} | {ClipsInStorage} | {Duplicates.Count} | {Md5Mismatches.Count} | {Lost.Count} ({NotCut.Count} / {NotStored.Count}) |")
        .AppendLine(Lost.Count > 0 ? $"lost: {string.Join(", ", Lost)}" : "lost: none")
        .AppendLine(Duplicates.Count > 0 ? $"duplicate blobs: {string.Join(", ", Duplicates)}" : "duplicate blobs: none")
        .AppendLine(Md5Mismatches.Count > 0 ? $"MD5 mismatches: {string.Join(", ", Md5Mismatches)}" : "MD5 mismatches: none")
        .ToString();

    // <eventId>[.part<n>][-<first 8 hex of the MD5> when BlobBuffer kept another clip under the plain name].mp4
    [GeneratedRegex(@"^(?<clip>.+?)(?:-(?<md5>[0-9a-f]{8}))?\.mp4$")]
    private static partial Regex BlobName();
}
