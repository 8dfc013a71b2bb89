using System.Globalization;
using Azure.Storage.Blobs;

namespace EdgeCam.BlobBuffer.Storage;

/// <summary>How the credential authorizes requests (and so what to check when the account refuses it).</summary>
public enum BlobCredentialKind
{
    /// <summary>A connection string with <c>AccountKey</c> (Shared Key), or <c>UseDevelopmentStorage=true</c>.</summary>
    AccountKey,

    /// <summary>A connection string with <c>SharedAccessSignature</c> (an account or service SAS).</summary>
    SasConnectionString,

    /// <summary>A container SAS URL: one container, the permissions the SAS grants.</summary>
    ContainerSasUrl,
}

/// <summary>
/// The storage credential BlobBuffer uploads with: an account connection string (Shared Key or
/// <c>SharedAccessSignature</c>) or a container SAS URL. Checked when read, so a malformed value fails at start with
/// one line naming what is wrong. No message and no <see cref="ToString"/> ever shows the key or the signature.
/// </summary>
public sealed class BlobStorageCredential
{
    private readonly string? _connectionString;
    private readonly Uri? _containerSasUrl;

    private BlobStorageCredential(BlobCredentialKind kind, string accountName, Uri blobEndpoint, string? connectionString, Uri? containerSasUrl, string? container)
    {
        Kind = kind;
        BlobEndpoint = new Uri(blobEndpoint.GetLeftPart(UriPartial.Authority));
        AccountName = accountName;
        _connectionString = connectionString;
        _containerSasUrl = containerSasUrl;
        Container = container;
    }

    public BlobCredentialKind Kind { get; }

    /// <summary>The storage account (safe to log).</summary>
    public string AccountName { get; }

    /// <summary>Scheme, host and port of the blob service (no path, no SAS): safe to log, what <c>doctor</c> connects to.</summary>
    public Uri BlobEndpoint { get; }

    /// <summary>The container a container SAS URL is limited to; null for a connection string.</summary>
    public string? Container { get; }

    /// <summary>For a SAS credential: whether its permissions (<c>sp</c>) include read. Always false for an account key.</summary>
    public bool SasGrantsRead { get; private init; }

    /// <summary>
    /// Whether the credential may read blobs (Get Blob Properties, Get Block List): an account key always, a SAS when its
    /// <c>sp</c> has <c>r</c>. A write-only SAS (<c>sp=cw</c>) cannot, and the uploader then resumes from its own journal.
    /// </summary>
    public bool CanRead => Kind == BlobCredentialKind.AccountKey || SasGrantsRead;

    /// <summary>When a SAS expires (its <c>se</c>); null for an account key, or a SAS without <c>se</c> (a stored access policy).</summary>
    public DateTimeOffset? ExpiresOn { get; private init; }

    /// <summary>What to check when the account answers 403.</summary>
    public string CredentialCheck => Kind == BlobCredentialKind.AccountKey
        ? "check the account key"
        : ExpiresOn is { } expires
            ? string.Create(CultureInfo.InvariantCulture, $"check the SAS: its permissions (c and w, or r and w), its expiry ({expires:yyyy-MM-dd HH:mm:ss}Z) and the device clock")
            : "check the SAS: its permissions (c and w, or r and w), its expiry and the device clock";

    /// <summary>
    /// The credential from either setting, or null when both are empty (local folder target). Both set, or a malformed
    /// one, throws <see cref="FormatException"/> with one line naming the problem.
    /// </summary>
    public static BlobStorageCredential? From(string? connectionString, string? containerSasUrl)
    {
        var hasConnection = !string.IsNullOrWhiteSpace(connectionString);
        var hasSasUrl = !string.IsNullOrWhiteSpace(containerSasUrl);
        if (hasConnection && hasSasUrl)
        {
            throw new FormatException("both a storage connection string and a container SAS URL are set; keep one.");
        }

        return hasConnection ? ParseConnectionString(connectionString!) : hasSasUrl ? ParseContainerSasUrl(containerSasUrl!) : null;
    }

    /// <summary>Checks an account connection string (Shared Key, <c>SharedAccessSignature</c> or development storage).</summary>
    public static BlobStorageCredential ParseConnectionString(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var parts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var index = 0;
        foreach (var part in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            index++;
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new FormatException($"the storage connection string has a part that is not name=value (part {index}).");
            }

            parts[part[..equals].Trim()] = part[(equals + 1)..].Trim();
        }

        var kind = CheckParts(parts);
        BlobServiceClient service;
        try
        {
            service = new BlobServiceClient(connectionString);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException)
        {
            // The SDK's own messages name settings, never values; only the first line is kept.
            throw new FormatException($"the storage connection string is not valid: {ex.Message.Split('\n')[0].Trim()}");
        }

        var sas = kind == BlobCredentialKind.SasConnectionString ? parts["SharedAccessSignature"] : null;
        var sasGrantsRead = sas is not null && SasPermissions(sas).Contains('r', StringComparison.Ordinal);
        return new BlobStorageCredential(kind, service.AccountName, service.Uri, connectionString, containerSasUrl: null, container: null)
        {
            SasGrantsRead = sasGrantsRead,
            ExpiresOn = sas is null ? null : SasExpiry(sas),
        };
    }

    /// <summary>Checks a container SAS URL (<c>https://account.blob.core.windows.net/container?sv=…&amp;sig=…</c>).</summary>
    public static BlobStorageCredential ParseContainerSasUrl(string containerSasUrl)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(containerSasUrl);
        if (!Uri.TryCreate(containerSasUrl.Trim(), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            throw new FormatException("the container SAS URL is not an absolute http(s) URL.");
        }

        var parts = new BlobUriBuilder(url);
        if (string.IsNullOrEmpty(parts.BlobContainerName))
        {
            throw new FormatException($"the container SAS URL for account '{parts.AccountName}' names no container (expected …/<container>?sv=…&sig=…).");
        }

        if (!string.IsNullOrEmpty(parts.BlobName))
        {
            throw new FormatException($"the container SAS URL for account '{parts.AccountName}' names a blob ('{parts.BlobName}'); give the container's URL.");
        }

        if (string.IsNullOrEmpty(parts.Sas?.Signature))
        {
            throw new FormatException($"the container SAS URL for container '{parts.BlobContainerName}' has no signature (sig=…).");
        }

        return new BlobStorageCredential(BlobCredentialKind.ContainerSasUrl, parts.AccountName, url, connectionString: null, url, parts.BlobContainerName)
        {
            SasGrantsRead = (parts.Sas?.Permissions ?? string.Empty).Contains('r', StringComparison.Ordinal),
            ExpiresOn = SasExpiry(url.Query),
        };
    }

    /// <summary>A client for <paramref name="container"/> (ignored for a container SAS URL, which names its own).</summary>
    internal BlobContainerClient ContainerClient(string container, BlobClientOptions options) =>
        _containerSasUrl is not null ? new BlobContainerClient(_containerSasUrl, options) : new BlobContainerClient(_connectionString, container, options);

    /// <summary>
    /// A read-only SAS link to one blob that expires at <paramref name="expiresOn"/>, signed with the account key; null for
    /// any other credential (a SAS cannot sign a narrower SAS).
    /// </summary>
    internal Uri? SignReadLink(string container, string blobName, DateTimeOffset expiresOn, BlobClientOptions options)
    {
        if (Kind != BlobCredentialKind.AccountKey)
        {
            return null;
        }

        var blob = new BlobClient(_connectionString, container, blobName, options);
        return blob.CanGenerateSasUri ? blob.GenerateSasUri(Azure.Storage.Sas.BlobSasPermissions.Read, expiresOn) : null;
    }

    /// <summary>Kind, account and container only: safe to log.</summary>
    public override string ToString() => Container is null ? $"{Kind} for account '{AccountName}'" : $"{Kind} for container '{Container}' of account '{AccountName}'";

    // The sp= value of a SAS query (without a leading '?'); empty when there is none.
    private static string SasPermissions(string sas) =>
        sas.TrimStart('?').Split('&').Select(pair => pair.Split('=', 2)).FirstOrDefault(pair => pair.Length == 2 && pair[0] == "sp")?[1] ?? string.Empty;

    // The se= value of a SAS query, or null when it has none (or not one that parses).
    private static DateTimeOffset? SasExpiry(string sas)
    {
        var value = sas.TrimStart('?').Split('&').Select(pair => pair.Split('=', 2)).FirstOrDefault(pair => pair.Length == 2 && pair[0] == "se")?[1];
        return value is not null && DateTimeOffset.TryParse(Uri.UnescapeDataString(value), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var expires)
            ? expires
            : null;
    }

    private static BlobCredentialKind CheckParts(Dictionary<string, string> parts)
    {
        if (parts.TryGetValue("UseDevelopmentStorage", out var development))
        {
            return string.Equals(development, "true", StringComparison.OrdinalIgnoreCase)
                ? BlobCredentialKind.AccountKey
                : throw new FormatException("UseDevelopmentStorage in the storage connection string must be true.");
        }

        if (parts.TryGetValue("BlobEndpoint", out var endpoint)
            && (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            throw new FormatException("the BlobEndpoint of the storage connection string is not an absolute http(s) URL.");
        }

        if (parts.TryGetValue("DefaultEndpointsProtocol", out var protocol) && protocol.ToLowerInvariant() is not ("http" or "https"))
        {
            throw new FormatException("DefaultEndpointsProtocol in the storage connection string must be http or https.");
        }

        var hasKey = parts.TryGetValue("AccountKey", out var key) && key.Length > 0;
        if (parts.TryGetValue("SharedAccessSignature", out var sas))
        {
            if (hasKey)
            {
                throw new FormatException("the storage connection string has both AccountKey and SharedAccessSignature; keep one.");
            }

            if (!sas.Contains("sig=", StringComparison.OrdinalIgnoreCase))
            {
                throw new FormatException("the SharedAccessSignature of the storage connection string has no signature (sig=…).");
            }

            return parts.ContainsKey("BlobEndpoint") || parts.ContainsKey("AccountName")
                ? BlobCredentialKind.SasConnectionString
                : throw new FormatException("the storage connection string has a SharedAccessSignature but no BlobEndpoint.");
        }

        if (!parts.TryGetValue("AccountName", out var account) || account.Length == 0)
        {
            throw new FormatException("the storage connection string has no AccountName (or SharedAccessSignature, or UseDevelopmentStorage=true).");
        }

        if (!hasKey)
        {
            throw new FormatException($"the storage connection string for account '{account}' has no AccountKey (or SharedAccessSignature).");
        }

        return Convert.TryFromBase64String(key!, new byte[key!.Length], out _)
            ? BlobCredentialKind.AccountKey
            : throw new FormatException($"the AccountKey of storage account '{account}' is not valid base64.");
    }
}
