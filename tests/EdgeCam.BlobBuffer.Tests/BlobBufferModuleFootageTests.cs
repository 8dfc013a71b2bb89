using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using EdgeCam.Contracts;
using EdgeCam.Contracts.Clips;
using EdgeCam.Contracts.Serialization;
using EdgeCam.DevKit.Storage;
using EdgeCam.Edge.Messaging;
using EdgeCam.Testing;
using EdgeCam.Testing.Azurite;
using EdgeCam.Testing.Hub;
using EdgeCam.Testing.Logging;
using EdgeCam.Testing.Network;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace EdgeCam.BlobBuffer.Tests;

/// <summary>
/// Continuous footage on real Azurite behind a loopback proxy that counts the bytes it relays: the upload rate stays at
/// the cap, event clips overtake footage, and after an outage the backlog catches up at the cap, not in a burst.
/// </summary>
[Trait("Category", "Integration")]
public sealed class BlobBufferModuleFootageTests(ITestOutputHelper output)
{
    private const string ModuleId = "BlobBuffer";
    private const string Recorder = "SegmentRecorder";
    private const int CapKbps = 1000;
    private const double CapBytesPerSecond = CapKbps * 1000 / 8.0;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task RunAsync_FootageBacklog_RateAtTheProxyStaysWithinTenPercentOfTheCap()
    {
        await using var rig = await Rig.StartAsync(output);
        for (var i = 0; i < 4; i++)
        {
            await rig.SendAsync(Footage(rig.Volume, i, 1_000_000), CancellationToken.None); // 32 s of footage at the cap
        }

        await Task.Delay(TimeSpan.FromSeconds(2));
        var rate = await rig.MeasureAsync(Window);

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"footage upload rate over {Window.TotalSeconds} s at the proxy: {rate / 1000:0.0} kB/s = {rate * 8 / 1000:0} kbit/s (cap {CapKbps} kbit/s, {rate / CapBytesPerSecond:P1})"));
        Assert.InRange(rate, CapBytesPerSecond * 0.9, CapBytesPerSecond * 1.1);
        Assert.True(rig.UploadedEventIds().Count < 4, "the backlog lasted the whole window");
    }

    [Fact]
    public async Task RunAsync_EventClipArrivesMidFootageUpload_IsCommittedBeforeTheFootageFile()
    {
        await using var rig = await Rig.StartAsync(output);
        var footage = Footage(rig.Volume, 0, 1_000_000);
        await rig.SendAsync(footage, CancellationToken.None);
        await Rig.WaitUntilAsync(() => rig.Proxy.UpstreamBytesBetween(0, long.MaxValue) > 250_000, "footage is half-way");

        var clip = ClipFiles.Write(rig.Volume, "cam1", "evt-1", ClipFiles.Content(300_000, 99));
        await rig.SendAsync(clip, CancellationToken.None);
        await Rig.WaitUntilAsync(() => rig.UploadedEventIds().Count == 2, "both uploaded");

        Assert.Equal(["evt-1", footage.EventId], rig.UploadedEventIds());
        var sent = rig.Proxy.UpstreamBytesBetween(0, long.MaxValue);
        output.WriteLine($"bytes relayed for a 1000000-byte footage file and a 300000-byte clip: {sent}");
        Assert.True(sent < 1_300_000 * 1.1, $"the footage was resumed, not sent again ({sent} bytes relayed)");
        Assert.Contains(rig.Logs.At(LogLevel.Information), line => line.Contains("paused at a block boundary", StringComparison.Ordinal));
        Assert.Equal(footage.ContentMd5, ClipFiles.Md5((await StoredBlobs.ReadAsync(rig.Azurite, "edgecam", Contracts.Blobs.BlobNames.Footage("cam1", footage.Start))).Content));
    }

    [Fact]
    public async Task RunAsync_OutageDuringFootageBacklog_CatchesUpWithinTheCap()
    {
        await using var rig = await Rig.StartAsync(output);
        for (var i = 0; i < 5; i++)
        {
            await rig.SendAsync(Footage(rig.Volume, i, 900_000), CancellationToken.None); // 36 s at the cap
        }

        await Task.Delay(TimeSpan.FromSeconds(3));
        rig.Proxy.Stall();
        rig.Proxy.SeverAll();
        await Task.Delay(TimeSpan.FromSeconds(8));
        var severedSent = rig.Proxy.UpstreamBytesBetween(0, long.MaxValue);
        rig.Proxy.Recover();
        await Rig.WaitUntilAsync(() => rig.Proxy.UpstreamBytesBetween(0, long.MaxValue) > severedSent, "uploads resumed");
        var rate = await rig.MeasureAsync(Window);
        await Rig.WaitUntilAsync(() => rig.UploadedEventIds().Count == 5, "the backlog caught up");

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"footage catch-up rate over {Window.TotalSeconds} s after an 8 s outage: {rate * 8 / 1000:0} kbit/s (cap {CapKbps} kbit/s, {rate / CapBytesPerSecond:P1})"));
        Assert.InRange(rate, CapBytesPerSecond * 0.9, CapBytesPerSecond * 1.1);
    }

    private static ClipReady Footage(SharedVolume volume, int index, int size)
    {
        var start = new DateTimeOffset(2026, 11, 21, 5, 0, 0, TimeSpan.Zero).AddMinutes(index);
        var id = "footage-" + start.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture);
        return ClipFiles.Write(volume, "cam1", id, ClipFiles.Content(size, index + 1), start) with { Kind = ClipKinds.Footage };
    }

    private sealed class Rig : IAsyncDisposable
    {
        private readonly TempDirectory _temp;
        private readonly CancellationTokenSource _stop = new(Patience * 2);
        private Task _run = Task.CompletedTask;
        private IModuleClient? _recorder;

        private Rig(AzuriteProcess azurite, LoopbackTcpProxy proxy, TempDirectory temp, TestHub hub)
        {
            Azurite = azurite;
            Proxy = proxy;
            _temp = temp;
            Hub = hub;
            Volume = new SharedVolume(temp.Path);
        }

        public AzuriteProcess Azurite { get; }

        public LoopbackTcpProxy Proxy { get; }

        public TestHub Hub { get; }

        public SharedVolume Volume { get; }

        public RecordingLoggerProvider Logs { get; } = new();

        public static async Task<Rig> StartAsync(ITestOutputHelper output)
        {
            var azurite = await AzuriteProcess.StartAsync(AzuriteTools.Directory(), dataDirectory: null, CancellationToken.None);
            var proxy = new LoopbackTcpProxy(azurite.Port);
            var hub = TestHub.Create(
                new Dictionary<string, string>
                {
                    ["clips"] = $"FROM /messages/modules/{Recorder}/outputs/{BlobBufferModule.ClipReadyInput} INTO BrokeredEndpoint(\"/modules/{ModuleId}/inputs/{BlobBufferModule.ClipReadyInput}\")",
                },
                new Dictionary<string, JsonObject>
                {
                    [ModuleId] = new JsonObject
                    {
                        ["blockSizeBytes"] = 65536,
                        ["footageKbps"] = CapKbps,
                        ["stallTimeoutSeconds"] = 2,
                        ["retryMinSeconds"] = 1,
                        ["retryMaxSeconds"] = 2,
                    },
                });
            var rig = new Rig(azurite, proxy, new TempDirectory("footage-upload"), hub);
            var throughProxy = $"DefaultEndpointsProtocol=http;AccountName={AzuriteProcess.AccountName};AccountKey={AzuriteProcess.AccountKey};BlobEndpoint=http://127.0.0.1:{proxy.Port}/{AzuriteProcess.AccountName};";
            var module = new BlobBufferModule(rig.Volume, throughProxy, rig.Logs, TimeProvider.System);
            rig._run = module.RunAsync(await hub.ClientAsync(ModuleId), rig._stop.Token);
            await hub.WaitForReportedAsync(ModuleId, r => r["lastDesiredStatus"] is not null && r["buffer"] is not null, Patience);
            rig._recorder = await hub.ClientAsync(Recorder);
            return rig;
        }

        public Task SendAsync(ClipReady clip, CancellationToken cancellationToken) =>
            _recorder!.SendAsync(BlobBufferModule.ClipReadyInput, new ModuleMessage(ContractJson.Serialize(clip, ContractsJsonContext.Default.ClipReady)), cancellationToken);

        public List<string> UploadedEventIds() =>
            [.. Hub.Routed
                .Where(r => r.FromModuleId == ModuleId && r.OutputName == BlobBufferModule.UploadedOutput)
                .Select(r => ContractJson.Deserialize(r.Message.Body.Span, ContractsJsonContext.Default.ClipUploaded).EventId)];

        // Bytes the proxy relayed towards Azurite over the next `window`, per second.
        public async Task<double> MeasureAsync(TimeSpan window)
        {
            var from = Stopwatch.GetTimestamp();
            await Task.Delay(window);
            var to = Stopwatch.GetTimestamp();
            return Proxy.UpstreamBytesBetween(from, to) / Stopwatch.GetElapsedTime(from, to).TotalSeconds;
        }

        public static async Task WaitUntilAsync(Func<bool> condition, string what)
        {
            var deadline = Stopwatch.StartNew();
            while (!condition())
            {
                Assert.True(deadline.Elapsed < Patience, $"not reached within {Patience}: {what}");
                await Task.Delay(50);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            try
            {
                await _run;
            }
            catch (OperationCanceledException)
            {
            }

            _stop.Dispose();
            await Hub.DisposeAsync();
            await Proxy.DisposeAsync();
            await Azurite.DisposeAsync();
            Logs.Dispose();
            _temp.Dispose();
        }
    }
}
