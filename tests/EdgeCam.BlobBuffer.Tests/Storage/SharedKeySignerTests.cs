using EdgeCam.BlobBuffer.Storage;

namespace EdgeCam.BlobBuffer.Tests.Storage;

[Trait("Category", "Unit")]
public sealed class SharedKeySignerTests
{
    private const string Account = "devstoreaccount1";
    private const string Date = "Sat, 21 Nov 2026 05:00:00 GMT";

    [Fact]
    public void BuildStringToSign_CreateContainerPathStyle_DoublesAccountAndLeavesZeroLengthEmpty()
    {
        var request = new BlobRequest(HttpMethod.Put, new Uri("http://127.0.0.1:10000/devstoreaccount1/edgecam?restype=container"));
        request.Headers["x-ms-version"] = "2021-12-02";
        request.Headers["x-ms-date"] = Date;

        var stringToSign = SharedKeySigner.BuildStringToSign(request, Account);

        Assert.Equal(
            "PUT\n\n\n\n\n\n\n\n\n\n\n\nx-ms-date:Sat, 21 Nov 2026 05:00:00 GMT\nx-ms-version:2021-12-02\n/devstoreaccount1/devstoreaccount1/edgecam\nrestype:container",
            stringToSign);
    }

    [Fact]
    public void BuildStringToSign_PutBlockWithBody_SignsLengthMd5AndDecodedBlockId()
    {
        // blockid is base64("00400000-000001") = MDA0MDAwMDAtMDAwMDAx; '=' padding would be escaped as %3D.
        var request = new BlobRequest(
            HttpMethod.Put,
            new Uri("http://127.0.0.1:10000/devstoreaccount1/edgecam/cam1/2026/11/21/evt1.mp4?comp=block&blockid=QUJDRA%3D%3D"),
            new byte[] { 1, 2, 3, 4, 5 });
        request.Headers["Content-MD5"] = "fOsGUm6BPOcGOa0hP4OHhQ==";
        request.Headers["x-ms-version"] = "2021-12-02";
        request.Headers["x-ms-date"] = Date;

        var stringToSign = SharedKeySigner.BuildStringToSign(request, Account);

        Assert.Equal(
            "PUT\n\n\n5\nfOsGUm6BPOcGOa0hP4OHhQ==\n\n\n\n\n\n\n\nx-ms-date:Sat, 21 Nov 2026 05:00:00 GMT\nx-ms-version:2021-12-02\n"
            + "/devstoreaccount1/devstoreaccount1/edgecam/cam1/2026/11/21/evt1.mp4\nblockid:QUJDRA==\ncomp:block",
            stringToSign);
    }

    [Fact]
    public void BuildStringToSign_QueryNamesMixedCaseAndRepeated_LowercasesSortsAndJoinsValues()
    {
        var request = new BlobRequest(HttpMethod.Get, new Uri("https://acct.blob.core.windows.net/c/b?Comp=blocklist&BlockListType=all&x=2&x=1"));
        request.Headers["x-ms-version"] = "2021-12-02";
        request.Headers["x-ms-date"] = Date;

        var stringToSign = SharedKeySigner.BuildStringToSign(request, "acct");

        Assert.EndsWith("\n/acct/c/b\nblocklisttype:all\ncomp:blocklist\nx:1,2", stringToSign, StringComparison.Ordinal);
        Assert.StartsWith("GET\n\n\n\n", stringToSign, StringComparison.Ordinal);
    }

    [Fact]
    public void BuildStringToSign_MetadataHeaders_LowercasedSortedAndWhitespaceCollapsed()
    {
        var request = new BlobRequest(HttpMethod.Put, new Uri("https://acct.blob.core.windows.net/c/b?comp=blocklist"), new byte[] { 60 });
        request.Headers["Content-Type"] = "application/xml";
        request.Headers["x-ms-version"] = "2021-12-02";
        request.Headers["x-ms-date"] = Date;
        request.Headers["X-Ms-Meta-Camera"] = "  front   door ";
        request.Headers["x-ms-blob-content-type"] = "video/mp4";

        var stringToSign = SharedKeySigner.BuildStringToSign(request, "acct");

        Assert.Equal(
            "PUT\n\n\n1\n\napplication/xml\n\n\n\n\n\n\nx-ms-blob-content-type:video/mp4\nx-ms-date:Sat, 21 Nov 2026 05:00:00 GMT\n"
            + "x-ms-meta-camera:front door\nx-ms-version:2021-12-02\n/acct/c/b\ncomp:blocklist",
            stringToSign);
    }

    [Fact]
    public void ComputeSignature_KnownStringWithDevelopmentKey_MatchesOpensslVector()
    {
        // Derived independently with:
        //   printf 'PUT\n\n\n\n\n\n\n\n\n\n\n\nx-ms-date:Sat, 21 Nov 2026 05:00:00 GMT\nx-ms-version:2021-12-02\n/devstoreaccount1/devstoreaccount1/edgecam\nrestype:container' > sts.txt
        //   openssl dgst -sha256 -mac HMAC -macopt hexkey:$(printf %s "$KEY" | base64 -d | xxd -p -c 256) -binary sts.txt | base64
        var signer = new SharedKeySigner(Account, Convert.FromBase64String(StorageConnectionString.DevelopmentAccountKey));
        const string stringToSign = "PUT\n\n\n\n\n\n\n\n\n\n\n\nx-ms-date:Sat, 21 Nov 2026 05:00:00 GMT\nx-ms-version:2021-12-02\n/devstoreaccount1/devstoreaccount1/edgecam\nrestype:container";

        var signature = signer.ComputeSignature(stringToSign);

        Assert.Equal("OiW94URyNltFh7dphG0jGfwr/bHgSDg5DLZg5ftIQo8=", signature);
    }

    [Fact]
    public void Sign_Request_SetsSharedKeyAuthorization()
    {
        var signer = new SharedKeySigner(Account, Convert.FromBase64String(StorageConnectionString.DevelopmentAccountKey));
        var request = new BlobRequest(HttpMethod.Put, new Uri("http://127.0.0.1:10000/devstoreaccount1/edgecam?restype=container"));
        request.Headers["x-ms-version"] = "2021-12-02";
        request.Headers["x-ms-date"] = Date;

        signer.Sign(request);

        Assert.Equal("SharedKey devstoreaccount1:OiW94URyNltFh7dphG0jGfwr/bHgSDg5DLZg5ftIQo8=", request.Headers["Authorization"]);
    }
}
