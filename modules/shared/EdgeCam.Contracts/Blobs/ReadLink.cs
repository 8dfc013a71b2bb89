namespace EdgeCam.Contracts.Blobs;

/// <summary>A time-limited link that reads one blob with a plain HTTP GET (a read-only SAS for that blob alone).</summary>
/// <param name="Url">The blob's URL with its SAS.</param>
/// <param name="ExpiresAt">When the link stops working.</param>
public sealed record ReadLink(string Url, DateTimeOffset ExpiresAt);
