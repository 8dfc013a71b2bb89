using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Azure.Storage.Sas;
using EdgeCam.BlobBuffer.Storage;
using EdgeCam.BlobBuffer.Store;
using EdgeCam.BlobBuffer.Targets;
using EdgeCam.DevKit.Storage;
using EdgeCam.Edge.IotHub;
using EdgeCam.Testing;
using EdgeCam.Testing.Azurite;
using EdgeCam.Testing.IotHub;

// Clip upload throughput to Azurite (in memory, loopback): AzureBlobTarget (account key, and a container SAS), the same
// upload through IoT Hub's file-upload flow (a fake hub on loopback HTTPS hands out a blob SAS, then takes the
// notification), and a plain HTTP PUT of the same file.
// A write-only SAS (sp=cw) upload with its fsynced record of staged blocks runs beside them.
//   dotnet EdgeCam.BlobBuffer.Benchmarks.dll [clip MiB] [rounds] [block KiB]
// Encryption throughput on this machine (no Azurite): ClipEncryptor beside a plain durable copy.
//   dotnet EdgeCam.BlobBuffer.Benchmarks.dll encrypt [file MiB] [rounds]
if (args is ["encrypt", .. var encryptArgs])
{
    return EdgeCam.BlobBuffer.Benchmarks.EncryptionBenchmark.Run(encryptArgs);
}

const string Container = "bench";
var mebibytes = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 64;
var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
var BlockSize = (args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 4096) * 1024;

using var temp = new TempDirectory("blobbench");
var content = new byte[mebibytes * 1024 * 1024];
new Random(42).NextBytes(content);
var path = temp.Combine("clip.mp4");
await File.WriteAllBytesAsync(path, content);
var md5 = Convert.ToBase64String(MD5.HashData(content));

await using var azurite = await AzuriteProcess.StartAsync(AzuriteTools.Directory(), dataDirectory: null, CancellationToken.None);
using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
var client = CreateClient(azurite);
await client.CreateContainerIfMissingAsync(Container, CancellationToken.None);
var sas = azurite.ContainerSasUri(Container, BlobContainerSasPermissions.Write | BlobContainerSasPermissions.Create, DateTimeOffset.UtcNow.AddHours(1));
var target = new AzureBlobTarget(client);
var writeOnly = new AzureBlobTarget(new AzureBlockBlobClient(BlobStorageCredential.ParseContainerSasUrl(sas.AbsoluteUri)));
var containerSas = azurite.ContainerSasUri(Container, BlobContainerSasPermissions.Read | BlobContainerSasPermissions.Write | BlobContainerSasPermissions.Create, DateTimeOffset.UtcNow.AddHours(1));
var sasTarget = new AzureBlobTarget(new AzureBlockBlobClient(BlobStorageCredential.ParseContainerSasUrl(containerSas.AbsoluteUri)));
const string DeviceKey = "YmVuY2htYXJrLWRldmljZS1rZXktZm9yLWZpbGUtdXBsb2FkIQ==";
await using var iotHub = await FakeFileUploadHub.StartAsync("bench-device", DeviceKey, azurite, Container, CancellationToken.None);
using var session = new IotHubFileUploadSession(
    ConnectionStringCredentials.Parse(iotHub.DeviceConnectionString),
    new IotHubFileUploadOptions { HttpsPort = iotHub.Port, CaFile = FakeFileUploadHub.CaFile, StorageScheme = "http" });
var hubTarget = new HubFileUploadTarget(session, credential => new AzureBlobTarget(new AzureBlockBlobClient(credential)));

Console.WriteLine($"Azurite on 127.0.0.1:{azurite.Port} (in memory); clip of {mebibytes} MiB, blocks of {BlockSize / 1024 / 1024} MiB, {rounds} rounds after one warm-up");
Console.WriteLine();
Console.WriteLine($"{"upload",-42} {"median MB/s",12} {"best MB/s",10} {"median ms",10}");
var targetTimes = new List<double>();
var sasTimes = new List<double>();
var writeOnlyTimes = new List<double>();
var hubTimes = new List<double>();
var putTimes = new List<double>();
for (var round = 0; round <= rounds; round++)
{
    // Interleaved, so all see the same machine load; round 0 warms up the JIT, the connection pool and Azurite.
    var targetMs = await TimeAsync(() => UploadWithTargetAsync(target, "target", round));
    var sasMs = await TimeAsync(() => UploadWithTargetAsync(sasTarget, "sas", round));
    using var staged = new StagedBlocks(temp.Combine($"writeonly-{round}.staged"));
    var writeOnlyMs = await TimeAsync(() => UploadWithTargetAsync(writeOnly, "writeonly", round, staged));
    var hubMs = await TimeAsync(() => UploadWithTargetAsync(hubTarget, "hub", round));
    var putMs = await TimeAsync(() => PlainPutAsync(round));
    if (round > 0)
    {
        targetTimes.Add(targetMs);
        sasTimes.Add(sasMs);
        writeOnlyTimes.Add(writeOnlyMs);
        hubTimes.Add(hubMs);
        putTimes.Add(putMs);
    }
}

Report($"AzureBlobTarget ({ClientName(client)})", targetTimes);
Report("AzureBlobTarget, container SAS (direct)", sasTimes);
Report("AzureBlobTarget, SAS sp=cw, fsynced record", writeOnlyTimes);
Report("HubFileUploadTarget (IoT Hub file upload)", hubTimes);
Report("plain HTTP PUT (Put Blob, SAS, no MD5)", putTimes);
return 0;

async Task UploadWithTargetAsync(IClipTarget uploader, string name, int round, StagedBlocks? staged = null)
{
    var start = new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    var eventId = $"{name}-{round}";
    var clip = new BufferedClip(eventId, "bench", eventId, $"clips/bench/{eventId}.mp4", start, start.AddSeconds(30), content.Length, md5, start);
    var receipt = await uploader.UploadAsync(new UploadJob(clip, path, Container, $"bench/{eventId}.mp4", BlockSize, Staged: staged), CancellationToken.None);
    if (receipt.SizeBytes != content.Length)
    {
        throw new InvalidOperationException("the target confirmed another size");
    }
}

async Task PlainPutAsync(int round)
{
    var blobUri = new UriBuilder(sas) { Path = sas.AbsolutePath + $"/bench/put-{round}.mp4" }.Uri;
    await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1024 * 1024, useAsync: true);
    using var request = new HttpRequestMessage(HttpMethod.Put, blobUri) { Content = new StreamContent(file, 1024 * 1024) };
    request.Headers.Add("x-ms-blob-type", "BlockBlob");
    request.Headers.Add("x-ms-version", "2021-12-02");
    request.Content.Headers.ContentType = new MediaTypeHeaderValue("video/mp4");
    using var response = await http.SendAsync(request);
    response.EnsureSuccessStatusCode();
}

static async Task<double> TimeAsync(Func<Task> run)
{
    var watch = Stopwatch.StartNew();
    await run();
    return watch.Elapsed.TotalMilliseconds;
}

void Report(string name, List<double> milliseconds)
{
    milliseconds.Sort();
    var median = milliseconds[milliseconds.Count / 2];
    var best = milliseconds[0];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-42} {Rate(median),12:F1} {Rate(best),10:F1} {median,10:F0}"));
}

double Rate(double milliseconds) => content.Length / 1e6 / (milliseconds / 1000);

static IBlockBlobClient CreateClient(AzuriteProcess azurite) =>
    new AzureBlockBlobClient(BlobStorageCredential.ParseConnectionString(azurite.ConnectionString));

static string ClientName(IBlockBlobClient client) => client.GetType().Name;
