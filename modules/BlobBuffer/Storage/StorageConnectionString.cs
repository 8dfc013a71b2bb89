namespace EdgeCam.BlobBuffer.Storage;

/// <summary>
/// The parts of an Azure Storage connection string the blob client needs. <see cref="ToString"/> never shows the key.
/// </summary>
public sealed class StorageConnectionString
{
    /// <summary>Azurite's well-known development account (public, documented by Microsoft).</summary>
    public const string DevelopmentAccountName = "devstoreaccount1";

    /// <summary>Azurite's well-known development key (public, documented by Microsoft; not a secret).</summary>
    public const string DevelopmentAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private StorageConnectionString(string accountName, byte[] accountKey, Uri blobEndpoint)
    {
        AccountName = accountName;
        AccountKey = accountKey;
        BlobEndpoint = blobEndpoint;
    }

    /// <summary>The storage account name.</summary>
    public string AccountName { get; }

    /// <summary>The decoded account key.</summary>
    internal byte[] AccountKey { get; }

    /// <summary>The blob service endpoint without a trailing slash (path-style for emulators).</summary>
    public Uri BlobEndpoint { get; }

    /// <summary>
    /// Parses <c>DefaultEndpointsProtocol</c>, <c>AccountName</c>, <c>AccountKey</c>, <c>BlobEndpoint</c>,
    /// <c>EndpointSuffix</c> and <c>UseDevelopmentStorage=true</c>. Errors name the missing or bad part, never the key.
    /// </summary>
    public static StorageConnectionString Parse(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var parts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var segment in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = segment.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new FormatException("The storage connection string has a part without 'name=value'.");
            }

            parts[segment[..equals].Trim()] = segment[(equals + 1)..].Trim();
        }

        if (parts.TryGetValue("UseDevelopmentStorage", out var development) && string.Equals(development, "true", StringComparison.OrdinalIgnoreCase))
        {
            var endpoint = parts.TryGetValue("DevelopmentStorageProxyUri", out var proxy)
                ? new Uri(proxy.TrimEnd('/') + "/" + DevelopmentAccountName)
                : new Uri("http://127.0.0.1:10000/" + DevelopmentAccountName);
            return new StorageConnectionString(DevelopmentAccountName, Convert.FromBase64String(DevelopmentAccountKey), endpoint);
        }

        var account = Required(parts, "AccountName");
        var keyText = Required(parts, "AccountKey");
        byte[] key;
        try
        {
            key = Convert.FromBase64String(keyText);
        }
        catch (FormatException)
        {
            throw new FormatException($"The AccountKey of storage account '{account}' is not valid base64.");
        }

        Uri blobEndpoint;
        if (parts.TryGetValue("BlobEndpoint", out var explicitEndpoint))
        {
            if (!Uri.TryCreate(explicitEndpoint.TrimEnd('/'), UriKind.Absolute, out blobEndpoint!) || blobEndpoint.Scheme is not ("http" or "https"))
            {
                throw new FormatException($"The BlobEndpoint of storage account '{account}' is not an http(s) URL.");
            }
        }
        else
        {
            var protocol = parts.TryGetValue("DefaultEndpointsProtocol", out var p) ? p.ToLowerInvariant() : "https";
            if (protocol is not ("http" or "https"))
            {
                throw new FormatException($"DefaultEndpointsProtocol must be http or https, not '{protocol}'.");
            }

            var suffix = parts.TryGetValue("EndpointSuffix", out var s) ? s : "core.windows.net";
            blobEndpoint = new Uri($"{protocol}://{account}.blob.{suffix}");
        }

        return new StorageConnectionString(account, key, blobEndpoint);
    }

    /// <summary>Account and endpoint only: safe to log.</summary>
    public override string ToString() => $"account '{AccountName}' at {BlobEndpoint}";

    private static string Required(Dictionary<string, string> parts, string name) =>
        parts.TryGetValue(name, out var value) && value.Length > 0
            ? value
            : throw new FormatException($"The storage connection string has no {name}.");
}
