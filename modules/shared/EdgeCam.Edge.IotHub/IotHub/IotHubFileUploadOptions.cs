namespace EdgeCam.Edge.IotHub;

/// <summary>How <see cref="IotHubFileUploadSession"/> reaches IoT Hub's HTTPS endpoint and builds the storage URL.</summary>
public sealed record IotHubFileUploadOptions
{
    /// <summary>IoT Hub's HTTPS port: 443; another one only for a test hub on loopback.</summary>
    public int HttpsPort { get; init; } = 443;

    /// <summary>The CA (PEM) IoT Hub's certificate must chain to (the agent's <c>--ca-file</c>). Null: <see cref="CaDirectory"/>.</summary>
    public string? CaFile { get; init; }

    /// <summary>A directory of CA certificates used when <see cref="CaFile"/> is null; the system store by default.</summary>
    public string? CaDirectory { get; init; } = "/etc/ssl/certs";

    /// <summary>Lifetime of the device SAS token signed for each request (short: it is sent, not kept).</summary>
    public TimeSpan TokenLifetime { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How long one request to the hub may take.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The scheme of the storage URL built from the hub's <c>hostName</c>: <c>https</c>, as every SDK does (IoT Hub's
    /// storage accounts only speak HTTPS). <c>http</c> exists for a test hub that hands out Azurite URLs, whose
    /// <c>hostName</c> is then <c>127.0.0.1:port/devstoreaccount1</c>; never set it on a device.
    /// </summary>
    public string StorageScheme { get; init; } = "https";

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(HttpsPort, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(HttpsPort, 65535);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(TokenLifetime, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RequestTimeout, TimeSpan.Zero);
        if (CaFile is null && CaDirectory is null)
        {
            throw new ArgumentException("TLS is always on: set CaFile or CaDirectory");
        }

        if (StorageScheme is not ("https" or "http"))
        {
            throw new ArgumentException($"StorageScheme must be https (or http for a test hub), got '{StorageScheme}'");
        }
    }
}
