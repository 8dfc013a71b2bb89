using System.Collections.Concurrent;
using System.Globalization;
using Azure;
using Azure.Core;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace EdgeCam.BlobBuffer.Storage;

/// <summary>
/// <see cref="IBlockBlobClient"/> on Azure.Storage.Blobs: StageBlock with MD5 transfer validation, GetBlockList,
/// CommitBlockList with the whole-file Content-MD5. The SDK's retry policy is the only per-request retry (see
/// <see cref="RetryPolicy"/>); every failure that remains becomes one <see cref="BlobStorageException"/> line.
/// </summary>
public sealed class AzureBlockBlobClient : IBlockBlobClient
{
    /// <summary>
    /// The default <c>x-ms-version</c>: the oldest that has everything BlobBuffer sets at commit, blob index tags
    /// (2019-12-12) and the Cold access tier (2021-12-02); Azurite and Azure accept it. The Blob Storage on IoT Edge module
    /// needs an older one (it rejects recent versions): with that, blobs are committed without tags (<see cref="TagsOff"/>).
    /// </summary>
    public const string DefaultServiceVersion = "2021-12-02";

    /// <summary>The first <c>x-ms-version</c> that has blob index tags.</summary>
    public const string TagsServiceVersion = "2019-12-12";

    private readonly RenewableCredential _credentials;
    private readonly BlobClientOptions _options;
    private readonly ConcurrentDictionary<string, BlobContainerClient> _containers = new(StringComparer.Ordinal);
    private BlobStorageCredential? _containersFor;

    /// <param name="credential">The account or container credential.</param>
    /// <param name="serviceVersion">The <c>x-ms-version</c>, e.g. <c>2019-07-07</c> (see <see cref="IsServiceVersion"/>).</param>
    public AzureBlockBlobClient(BlobStorageCredential credential, string serviceVersion = DefaultServiceVersion)
        : this(new RenewableCredential(credential), serviceVersion)
    {
    }

    /// <param name="credentials">The credential in force; a renewal is used from the next request on.</param>
    /// <param name="serviceVersion">The <c>x-ms-version</c>, e.g. <c>2019-07-07</c> (see <see cref="IsServiceVersion"/>).</param>
    public AzureBlockBlobClient(RenewableCredential credentials, string serviceVersion = DefaultServiceVersion)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        if (!TryParseServiceVersion(serviceVersion, out var version))
        {
            throw new ArgumentException($"'{serviceVersion}' is not a service version of Azure.Storage.Blobs.", nameof(serviceVersion));
        }

        _credentials = credentials;
        ServiceVersion = serviceVersion;
        _options = new BlobClientOptions(version);
        if (string.CompareOrdinal(serviceVersion, TagsServiceVersion) < 0)
        {
            TagsOff = $"blobs are committed without index tags: serviceVersion {serviceVersion} predates them ({TagsServiceVersion})";
        }

        RetryPolicy(_options.Retry);
        _options.AddPolicy(new RequestAttempts(), HttpPipelinePosition.PerRetry);
    }

    public string AccountName => _credentials.Current.AccountName;

    public string? ScopedContainer => _credentials.Current.Container;

    public bool CanRead => _credentials.Current.CanRead;

    /// <summary>The <c>x-ms-version</c> this client sends.</summary>
    public string ServiceVersion { get; }

    public string? TagsOff { get; private set; }

    /// <summary>The service versions this SDK can send, oldest first (<c>yyyy-MM-dd</c>).</summary>
    public static IReadOnlyList<string> ServiceVersions { get; } =
        [.. Enum.GetNames<BlobClientOptions.ServiceVersion>().Select(name => name[1..].Replace('_', '-')).Order(StringComparer.Ordinal)];

    /// <summary>True when the SDK has <paramref name="value"/> (<c>yyyy-MM-dd</c>) in its ServiceVersion enum.</summary>
    public static bool IsServiceVersion(string value) => TryParseServiceVersion(value, out _);

    /// <summary>
    /// The one per-request retry policy: the SDK's, exponential with jitter from 0.5 s to 8 s, 4 attempts, for 408, 429,
    /// 500, 502, 503, 504 and network errors (honouring Retry-After); each attempt may take 5 minutes. It replays the
    /// block from memory. The uploader's own backoff between whole clip attempts is a separate, slower level.
    /// </summary>
    public static void RetryPolicy(RetryOptions retry)
    {
        ArgumentNullException.ThrowIfNull(retry);
        retry.Mode = RetryMode.Exponential;
        retry.MaxRetries = 3;
        retry.Delay = TimeSpan.FromMilliseconds(500);
        retry.MaxDelay = TimeSpan.FromSeconds(8);
        retry.NetworkTimeout = TimeSpan.FromMinutes(5);
    }

    public Uri BlobUri(string container, string blobName) =>
        new(Container(container).GetBlobClient(blobName).Uri.GetLeftPart(UriPartial.Path)); // never the SAS query

    public async Task CreateContainerIfMissingAsync(string container, CancellationToken cancellationToken)
    {
        if (ScopedContainer is not null)
        {
            return; // a container SAS cannot create containers; its container exists or Stage Block says 404
        }

        try
        {
            await RunAsync("Create Container", () => Container(container).CreateIfNotExistsAsync(cancellationToken: cancellationToken));
        }
        catch (BlobStorageException ex) when (ex.IsAuthenticationFailure && _credentials.Current.Kind == BlobCredentialKind.SasConnectionString)
        {
            // A SAS that may write blobs but not create containers is fine when the container exists: Stage Block
            // answers 404 ContainerNotFound, or 403 when the SAS is not good for writing either.
        }
    }

    public async Task StageBlockAsync(string container, string blobName, string blockId, ReadOnlyMemory<byte> content, byte[] contentMd5, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var options = new BlockBlobStageBlockOptions
        {
            ProgressHandler = progress,
            // MD5 (not CRC64 or Auto) works against Azurite and the edge module; our hash is sent as Content-MD5.
            TransferValidation = new UploadTransferValidationOptions { ChecksumAlgorithm = StorageChecksumAlgorithm.MD5, PrecalculatedChecksum = contentMd5 },
        };
        await using var stream = BinaryData.FromBytes(content).ToStream();
        await RunAsync("Stage Block", () => Block(container, blobName).StageBlockAsync(blockId, stream, options, cancellationToken));
    }

    public async Task<CommittedBlob?> GetCommittedBlobAsync(string container, string blobName, CancellationToken cancellationToken) =>
        await RunAsync("Get Blob Properties", () => GetPropertiesOrNullAsync(Block(container, blobName), cancellationToken));

    public async Task<IReadOnlyList<BlockInfo>> GetBlockListAsync(string container, string blobName, CancellationToken cancellationToken)
    {
        var list = await RunAsync("Get Block List", () => GetBlockListOrNullAsync(Block(container, blobName), cancellationToken));
        if (list is null)
        {
            return [];
        }

        return [.. list.CommittedBlocks.Select(b => new BlockInfo(b.Name, b.SizeLong, IsCommitted: true)),
            .. list.UncommittedBlocks.Select(b => new BlockInfo(b.Name, b.SizeLong, IsCommitted: false))];
    }

    public async Task CommitBlockListAsync(string container, string blobName, IReadOnlyList<string> blockIds, BlobCommitProperties properties, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(properties);
        var tagged = TagsOff is null && properties.Tags.Count > 0;
        var attempts = RequestAttempts.Begin();
        try
        {
            try
            {
                await RunAsync("Commit Block List", () => Block(container, blobName).CommitBlockListAsync(blockIds, CommitOptions(properties, tagged), cancellationToken));
            }
            catch (BlobStorageException ex) when (tagged && ex.IsAuthenticationFailure && ex.ErrorCode == "AuthorizationPermissionMismatch")
            {
                // Setting tags needs the SAS permission t. A credential without it still uploads: commit without tags (the
                // same request otherwise, so a SAS that may not write either fails again with its own line) and say so once.
                // The refused request committed nothing, so the attempts of the commit count afresh.
                attempts = RequestAttempts.Begin();
                await RunAsync("Commit Block List", () => Block(container, blobName).CommitBlockListAsync(blockIds, CommitOptions(properties, tagged: false), cancellationToken));
                TagsOff = "blobs are committed without index tags: the storage credential may not set them (a SAS needs the t permission)";
            }
        }
        catch (BlobStorageException ex)
        {
            ex.Attempts = attempts.Value;
            throw;
        }
    }

    private static CommitBlockListOptions CommitOptions(BlobCommitProperties properties, bool tagged) => new()
    {
        HttpHeaders = new BlobHttpHeaders
        {
            ContentType = properties.ContentType,
            ContentHash = properties.ContentMd5 is null ? null : Convert.FromBase64String(properties.ContentMd5),
        },
        Metadata = properties.Metadata.ToDictionary(StringComparer.Ordinal),
        Tags = tagged ? properties.Tags.ToDictionary(StringComparer.Ordinal) : null,
        AccessTier = properties.AccessTier is null ? (AccessTier?)null : new AccessTier(properties.AccessTier),

        // If-None-Match: * — the commit creates the blob or fails with "exists"; it never overwrites.
        Conditions = properties.OnlyIfNew ? new BlobRequestConditions { IfNoneMatch = ETag.All } : null,
    };

    private static async Task<BlockList?> GetBlockListOrNullAsync(BlockBlobClient blob, CancellationToken cancellationToken)
    {
        try
        {
            return (await blob.GetBlockListAsync(BlockListTypes.All, cancellationToken: cancellationToken)).Value;
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == BlobErrorCode.BlobNotFound)
        {
            return null; // nothing staged yet
        }
    }

    private static async Task<CommittedBlob?> GetPropertiesOrNullAsync(BlockBlobClient blob, CancellationToken cancellationToken)
    {
        try
        {
            var properties = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
            return new CommittedBlob(
                properties.ContentLength,
                properties.ContentHash is { Length: > 0 } hash ? Convert.ToBase64String(hash) : null,
                properties.Metadata.ToDictionary(StringComparer.Ordinal));
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == BlobErrorCode.BlobNotFound || (ex.Status == 404 && ex.ErrorCode is null))
        {
            return null; // nothing committed yet (a HEAD answer may lack the error code; a missing container names itself)
        }
    }

    private static bool TryParseServiceVersion(string? value, out BlobClientOptions.ServiceVersion version)
    {
        version = default;
        return value is { Length: 10 }
            && DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
            && Enum.TryParse("V" + value.Replace('-', '_'), ignoreCase: false, out version)
            && Enum.IsDefined(version);
    }

    private BlobContainerClient Container(string container)
    {
        var credential = _credentials.Current;
        if (!ReferenceEquals(Volatile.Read(ref _containersFor), credential))
        {
            // Renewed: clients of the old credential would keep signing with it.
            _containers.Clear();
            Volatile.Write(ref _containersFor, credential);
        }

        return _containers.GetOrAdd(credential.Container ?? container, name => credential.ContainerClient(name, _options));
    }

    private BlockBlobClient Block(string container, string blobName) => Container(container).GetBlockBlobClient(blobName);

    private async Task<T> RunAsync<T>(string operation, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (RequestFailedException ex)
        {
            throw Failure(operation, ex);
        }
        catch (AggregateException ex) when (ex.InnerExceptions.Count > 0)
        {
            // The SDK gives up after its retries with every attempt's exception; the last one says the most.
            throw Failure(operation, ex.InnerExceptions[^1]);
        }
    }

    private BlobStorageException Failure(string operation, Exception ex) => ex is RequestFailedException failed
        ? new BlobStorageException(operation, AccountName, failed.Status, failed.ErrorCode, failed.Message, _credentials.Current.CredentialCheck, ex)
        : new BlobStorageException(operation, AccountName, 0, null, ex.Message, _credentials.Current.CredentialCheck, ex);
}
