using Azure.Storage.Blobs;
using EdgeCam.Contracts.Blobs;

namespace EdgeCam.BlobBuffer.Storage;

/// <summary>
/// Makes the time-limited read links that alerts carry: a read-only SAS for one blob, signed locally with the account
/// key (no request to storage, so a link can be made before its blob is uploaded). Where the credential cannot make one
/// the answer is one line saying why:
/// <list type="bullet">
/// <item>a SAS without read permission (write-only): <c>no read link: the storage credential cannot read</c>;</item>
/// <item>a SAS with read permission: a SAS cannot sign a narrower link, and the only link it could give is the device's
/// own SAS (write permission, the whole container, until it expires), which an alert must never hand out;</item>
/// <item>no credential: uploads go to a local folder.</item>
/// </list>
/// </summary>
public sealed class ReadLinkSigner
{
    /// <summary>The line for a credential that may not read.</summary>
    public const string CannotRead = "no read link: the storage credential cannot read";

    /// <summary>The line for a SAS that may read.</summary>
    public const string SasCannotSign = "no read link: the storage credential is a SAS, which cannot sign a link for one blob (only the device's own SAS could be handed out); use an account key for read links";

    /// <summary>The line for the local folder target.</summary>
    public const string LocalFolder = "no read link: uploads go to a local folder, not to cloud storage";

    private readonly BlobStorageCredential? _credential;
    private readonly BlobClientOptions _options;

    /// <param name="credential">BlobBuffer's credential; null for the local folder target.</param>
    public ReadLinkSigner(BlobStorageCredential? credential)
    {
        _credential = credential;
        _options = new BlobClientOptions(); // signing sends nothing: the client only builds the URL
    }

    /// <summary>
    /// A link to <paramref name="blobName"/> in <paramref name="container"/> (a container SAS URL's own container wins)
    /// that expires <paramref name="lifetime"/> after <paramref name="now"/>, or the line saying why there is none.
    /// A zero lifetime (links off) gives neither.
    /// </summary>
    public (ReadLink? Link, string? NoReadLink) Sign(string container, string blobName, TimeSpan lifetime, DateTimeOffset now)
    {
        if (lifetime <= TimeSpan.Zero)
        {
            return (null, null);
        }

        if (_credential is null)
        {
            return (null, LocalFolder);
        }

        if (_credential.Kind != BlobCredentialKind.AccountKey)
        {
            return (null, _credential.SasGrantsRead ? SasCannotSign : CannotRead);
        }

        var expiresOn = now + lifetime;
        var url = _credential.SignReadLink(_credential.Container ?? container, blobName, expiresOn, _options);
        return url is null ? (null, CannotRead) : (new ReadLink(url.AbsoluteUri, expiresOn), null);
    }
}
