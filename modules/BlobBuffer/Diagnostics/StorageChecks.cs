using EdgeCam.BlobBuffer.Storage;
using EdgeCam.Edge.Diagnostics;

namespace EdgeCam.BlobBuffer.Diagnostics;

/// <summary>The <c>doctor</c> checks for BlobBuffer's storage: the credential parses, and its blob endpoint accepts TCP connections.</summary>
public static class StorageChecks
{
    /// <summary>
    /// Checks for the given credential settings: none when both are empty (clips go to a local folder), one failing check
    /// when the credential is malformed, else the credential and its endpoint's reachability.
    /// </summary>
    public static IReadOnlyList<IDeviceCheck> For(string? connectionString, string? containerSasUrl) =>
        For(new BlobBufferOptions { StorageConnectionString = connectionString, ContainerSasUrl = containerSasUrl });

    /// <summary>As <see cref="For(string?, string?)"/>, for every credential the options may name (the SAS file included).</summary>
    public static IReadOnlyList<IDeviceCheck> For(BlobBufferOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        BlobStorageCredential? credential;
        try
        {
            credential = options.Credential().Credential;
        }
        catch (FormatException ex)
        {
            return [new FixedResultCheck(CheckResult.Fail("storage", $"{ex.Message.TrimEnd('.')}; fix {BlobBufferOptions.ConnectionStringVariable}, {BlobBufferOptions.ContainerSasUrlVariable} or {BlobBufferOptions.ContainerSasFileVariable}."))];
        }

        if (credential is null)
        {
            return [];
        }

        var endpoint = credential.BlobEndpoint;
        return
        [
            new FixedResultCheck(CheckResult.Ok("storage", $"{credential} at {endpoint}.")),
            new TcpReachableCheck("storage-endpoint", endpoint.Host, endpoint.Port, $"the storage endpoint {endpoint}"),
        ];
    }

    /// <summary>A check whose result is already known (the credential was parsed when the list was built).</summary>
    private sealed class FixedResultCheck(CheckResult result) : IDeviceCheck
    {
        public string Name => result.Name;

        public Task<CheckResult> RunAsync(CancellationToken cancellationToken) => Task.FromResult(result);
    }
}
