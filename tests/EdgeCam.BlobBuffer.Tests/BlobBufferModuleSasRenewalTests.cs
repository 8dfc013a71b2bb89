using System.Globalization;
using System.Text.Json.Nodes;
using Azure.Storage.Sas;
using EdgeCam.BlobBuffer.Storage;
using EdgeCam.BlobBuffer.Tests.Targets;
using EdgeCam.Contracts;
using EdgeCam.Contracts.Health;
using EdgeCam.Contracts.Serialization;
using EdgeCam.DevKit.Storage;
using EdgeCam.Edge.InProcess;
using EdgeCam.Edge.Messaging;
using EdgeCam.Testing;
using EdgeCam.Testing.Azurite;
using EdgeCam.Testing.Hub;
using EdgeCam.Testing.Logging;
using Microsoft.Extensions.Logging;

namespace EdgeCam.BlobBuffer.Tests;

/// <summary>Issue 11: the storage SAS's expiry is reported ahead of time, and a renewed SAS is taken from its file without a restart.</summary>
public sealed class BlobBufferModuleSasRenewalTests
{
    private const string ModuleId = "BlobBuffer";
    private const string Recorder = "SegmentRecorder";
    private const string Container = "renewed";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    [Trait("Category", "Integration")]
    public async Task RunAsync_SasFileExpiredThenInvalidThenRenewed_403LineThenOneLineThenUploadsWithoutRestart()
    {
        await using var azurite = await AzuriteProcess.StartAsync(AzuriteTools.Directory(), dataDirectory: null, CancellationToken.None);
        var expired = await AzureBlobTargetWriteOnlyTests.WriteOnlySasAsync(azurite, Container, DateTimeOffset.UtcNow.AddMinutes(-5));
        using var temp = new TempDirectory("renewal");
        var sasFile = temp.Combine("storage-sas-url");
        await File.WriteAllTextAsync(sasFile, expired.AbsoluteUri + "\n");
        var volume = new SharedVolume(temp.Combine("volume"));
        var time = new ManualTimeProvider(DateTimeOffset.UtcNow); // the clock the file is polled on; Azurite keeps the real one
        using var logs = new RecordingLoggerProvider();
        var module = new BlobBufferModule(volume, new BlobBufferOptions { ContainerSasFile = sasFile }, logs, time);
        await using var hub = TestHub.Create(Routes(), new Dictionary<string, JsonObject> { [ModuleId] = new() });
        using var cts = new CancellationTokenSource(Patience * 3);
        var run = module.RunAsync(await hub.ClientAsync(ModuleId), cts.Token);
        await hub.WaitForReportedAsync(ModuleId, r => r["buffer"] is not null, Patience);
        var clip = ClipFiles.Write(volume, "cam1", "renewal", ClipFiles.Content(300_000, 4));
        await (await hub.ClientAsync(Recorder)).SendAsync(BlobBufferModule.ClipReadyInput, new ModuleMessage(ContractJson.Serialize(clip, ContractsJsonContext.Default.ClipReady)), cts.Token);

        var refused = await hub.WaitForReportedAsync(ModuleId, r => r["buffer"]?["lastError"] is not null, Patience);
        await File.WriteAllTextAsync(sasFile, "https://example.blob.core.windows.net/renewed?sv=2019-07-07&sp=cw"); // no signature
        await PollAsync(time);
        await Eventually.TrueAsync(() => logs.At(LogLevel.Error).Any(l => l.StartsWith("Storage SAS not renewed", StringComparison.Ordinal)), "the line about the invalid file");
        await PollAsync(time); // unchanged since: no second line
        var renewedSas = await AzureBlobTargetWriteOnlyTests.WriteOnlySasAsync(azurite, Container, DateTimeOffset.UtcNow.AddDays(30));
        await File.WriteAllTextAsync(sasFile, renewedSas.AbsoluteUri);
        await PollAsync(time);
        var routed = await hub.WaitForAsync(r => r.FromModuleId == ModuleId && r.OutputName == BlobBufferModule.UploadedOutput, Patience);
        var healed = await hub.WaitForReportedAsync(ModuleId, r => r["buffer"]?["pendingCount"]?.GetValue<int>() == 0 && r["buffer"]?["lastError"] is null, Patience);

        var error = refused["buffer"]!["lastError"]!.GetValue<string>();
        Assert.StartsWith("upload of clip cam1/renewal to storage account 'devstoreaccount1' failed: storage account 'devstoreaccount1' rejected the credentials (403 ", error, StringComparison.Ordinal);
        Assert.Contains(") on Stage Block; check the SAS: its permissions (c and w, or r and w), its expiry (", error, StringComparison.Ordinal);
        var notRenewed = Assert.Single(logs.At(LogLevel.Error), l => l.StartsWith("Storage SAS not renewed", StringComparison.Ordinal));
        Assert.Contains($"the SAS file '{sasFile}': the container SAS URL for container 'renewed' has no signature (sig=…).", notRenewed, StringComparison.Ordinal);
        Assert.Contains("Storage SAS renewed from", Assert.Single(logs.At(LogLevel.Information), l => l.StartsWith("Storage SAS renewed", StringComparison.Ordinal)), StringComparison.Ordinal);
        var uploaded = ContractJson.Deserialize(routed.Message.Body.Span, ContractsJsonContext.Default.ClipUploaded);
        Assert.Equal(clip.ContentMd5, ClipFiles.Md5((await StoredBlobs.ReadAsync(azurite, Container, uploaded.BlobName)).Content));
        var expiresAt = DateTimeOffset.Parse(healed["buffer"]!["credentialExpiresAt"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        Assert.InRange(expiresAt - DateTimeOffset.UtcNow, TimeSpan.FromDays(29), TimeSpan.FromDays(30));
        foreach (var signature in new[] { expired, renewedSas }.Select(Signature))
        {
            Assert.DoesNotContain(logs.Entries, e => e.Message.Contains(signature, StringComparison.Ordinal));
        }
        await cts.CancelAsync();
        await run;
    }

    [Fact]
    [Trait("Category", "Unit")]
    public async Task RunAsync_SasEntersTheWarningWindow_ReportedAheadWithOneWarningAndBufferHealthSaysExpiring()
    {
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 12, 1, 4, 0, 0, TimeSpan.Zero));
        var expires = time.GetUtcNow() + TimeSpan.FromDays(14) + TimeSpan.FromSeconds(25);
        var sas = $"http://127.0.0.1:9/devstoreaccount1/clips?sv=2019-07-07&se={Uri.EscapeDataString(expires.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture))}&sr=c&sp=cw&sig=c2lnbmF0dXJl";
        using var temp = new TempDirectory("expiry");
        using var logs = new RecordingLoggerProvider();
        var module = new BlobBufferModule(new SharedVolume(temp.Path), new BlobBufferOptions { ContainerSasUrl = sas }, logs, time);
        await using var hub = TestHub.Create(Routes(), new Dictionary<string, JsonObject> { [ModuleId] = new() { ["sasExpiryWarningDays"] = 14 } });
        using var cts = new CancellationTokenSource(Patience * 2);
        var run = module.RunAsync(await hub.ClientAsync(ModuleId), cts.Token);
        var reported = await hub.WaitForReportedAsync(ModuleId, r => r["buffer"]?["credentialExpiresAt"] is not null, Patience);
        Assert.Empty(logs.At(LogLevel.Warning)); // 14 days and 25 s left: not yet

        for (var poll = 0; poll < 5; poll++)
        {
            await PollAsync(time);
        }

        var expiring = await hub.WaitForAsync(r => r.OutputName == BlobBufferModule.HealthOutput && Health(r).CredentialExpiring == true, Patience);

        Assert.Equal(expires, DateTimeOffset.Parse(reported["buffer"]!["credentialExpiresAt"]!.GetValue<string>(), CultureInfo.InvariantCulture));
        var first = Health(hub.Routed.First(r => r.OutputName == BlobBufferModule.HealthOutput));
        Assert.Equal((expires, false), (first.CredentialExpiresAt, first.CredentialExpiring));
        Assert.Equal(expires, Health(expiring).CredentialExpiresAt);
        var warning = Assert.Single(logs.At(LogLevel.Warning));
        Assert.Contains("expires in 14 days", warning, StringComparison.Ordinal);
        Assert.Contains("within sasExpiryWarningDays 14", warning, StringComparison.Ordinal);
        Assert.DoesNotContain("sig=", warning, StringComparison.Ordinal);
        await cts.CancelAsync();
        await run;
    }

    // One poll of the SAS file: waits until the watch sits in its delay on the manual clock, then lets it elapse.
    private static async Task PollAsync(ManualTimeProvider time)
    {
        await Eventually.TrueAsync(() => time.HasPendingTimer(StorageSasFile.PollInterval), "the credential watch waiting for its next poll");
        time.Advance(StorageSasFile.PollInterval);
    }

    private static string Signature(Uri sas) => new Azure.Storage.Blobs.BlobUriBuilder(sas).Sas.Signature;

    private static BufferHealth Health(RoutedMessage routed) => ContractJson.Deserialize(routed.Message.Body.Span, ContractsJsonContext.Default.BufferHealth);

    private static Dictionary<string, string> Routes() => new()
    {
        ["clips"] = $"FROM /messages/modules/{Recorder}/outputs/{BlobBufferModule.ClipReadyInput} INTO BrokeredEndpoint(\"/modules/{ModuleId}/inputs/{BlobBufferModule.ClipReadyInput}\")",
        ["health"] = $"FROM /messages/modules/{ModuleId}/outputs/{BlobBufferModule.HealthOutput} INTO BrokeredEndpoint(\"/modules/EventRouter/inputs/health\")",
    };
}
