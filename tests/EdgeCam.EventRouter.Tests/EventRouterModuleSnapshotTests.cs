using System.Text.Json.Nodes;
using EdgeCam.Contracts;
using EdgeCam.Contracts.Alerts;
using EdgeCam.Contracts.Blobs;
using EdgeCam.Contracts.Clips;
using EdgeCam.Contracts.Motion;
using EdgeCam.Contracts.Serialization;
using EdgeCam.Edge.Messaging;
using EdgeCam.EventRouter.Alerts;
using EdgeCam.Testing;
using EdgeCam.Testing.Hub;
using Microsoft.Extensions.Logging.Abstractions;
using EdgeCam.EventRouter.Tests.Health;

namespace EdgeCam.EventRouter.Tests;

/// <summary>Motion alerts that name the snapshot's blob with BlobBuffer's read link, and the clipAvailable follow-up.</summary>
[Trait("Category", "Unit")]
public sealed class EventRouterModuleSnapshotTests : IAsyncLifetime, IDisposable
{
    private const string Line = "no read link: the storage credential cannot read";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 8, 30, 0, TimeSpan.Zero);
    private static readonly ReadLink Link = new("http://127.0.0.1:10000/devstoreaccount1/edgecam/cam1/2026/11/21/evt-1.jpg?sv=x&sp=r&sig=y", T0.AddHours(1));

    private readonly CancellationTokenSource _stop = new();
    private readonly ManualTimeProvider _time = new();
    private TestHub _hub = null!;
    private IModuleClient _camera = null!;
    private IModuleClient _buffer = null!;
    private Task _module = Task.CompletedTask;

    public async Task InitializeAsync()
    {
        _hub = TestHub.Create(
            new Dictionary<string, string>
            {
                ["motion"] = "FROM /messages/modules/cam1/outputs/motion INTO BrokeredEndpoint(\"/modules/EventRouter/inputs/motion\")",
                ["links"] = "FROM /messages/modules/BlobBuffer/outputs/links INTO BrokeredEndpoint(\"/modules/EventRouter/inputs/links\")",
                ["uploaded"] = "FROM /messages/modules/BlobBuffer/outputs/uploaded INTO BrokeredEndpoint(\"/modules/EventRouter/inputs/uploaded\")",
                ["up"] = "FROM /messages/modules/EventRouter/outputs/alerts INTO $upstream",
            },
            new Dictionary<string, JsonObject> { ["EventRouter"] = new() { ["minScore"] = 0.05 } },
            new ManualTimeProvider());
        _camera = await _hub.ClientAsync("cam1");
        await _camera.OpenAsync(CancellationToken.None);
        _buffer = await _hub.ClientAsync("BlobBuffer");
        await _buffer.OpenAsync(CancellationToken.None);
        _module = new EventRouterModule(_time, NullLogger<EventRouterModule>.Instance, new FakeClockStatus(synchronised: true)).RunAsync(await _hub.ClientAsync("EventRouter"), _stop.Token);
        await _hub.WaitForReportedAsync("EventRouter", r => r["lastDesiredStatus"] is not null, Wait);
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _module);
        await _hub.DisposeAsync();
    }

    public void Dispose() => _stop.Dispose();

    [Fact]
    public async Task MotionStarted_LinkComesAfterIt_AlertNamesTheSnapshotBlobWithTheLink()
    {
        var motion = SendMotionStartedAsync("evt-1");
        await SendLinkAsync(new SnapshotLink("cam1", "evt-1", "cam1/2026/11/21/evt-1.jpg", Link));
        await motion;

        var alert = await AlertAsync("motion");

        Assert.Equal(("cam1/2026/11/21/evt-1.jpg", Link, null), (alert.SnapshotBlob, alert.ReadLink, alert.NoReadLink));
        Assert.Equal("snapshots/cam1/evt-1.jpg", alert.SnapshotPath);
    }

    [Fact]
    public async Task MotionStarted_LinkCameFirstSayingTheCredentialCannotRead_AlertCarriesTheLineAndNoLink()
    {
        await SendLinkAsync(new SnapshotLink("cam1", "evt-1", "cam1/2026/11/21/evt-1.jpg", NoReadLink: Line));
        await SendMotionStartedAsync("evt-1");

        var alert = await AlertAsync("motion");

        Assert.Equal(("cam1/2026/11/21/evt-1.jpg", null, Line), (alert.SnapshotBlob, alert.ReadLink, alert.NoReadLink));
    }

    [Fact]
    public async Task MotionStarted_NoLinkFromBlobBuffer_AlertAfterThePatienceWithTheDerivedBlobNameAndWhy()
    {
        var motion = SendMotionStartedAsync("evt-1");
        for (var i = 0; i < 100 && _hub.Upstream.Count == 0; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(100)); // the wait starts at some point: keep the clock moving until it ends
            await Task.Delay(20);
        }

        await motion;
        var alert = await AlertAsync("motion");

        Assert.Equal(("cam1/2026/11/21/evt-1.jpg", null, AlertComposer.NoAnswer), (alert.SnapshotBlob, alert.ReadLink, alert.NoReadLink));
        Assert.Equal("no read link: BlobBuffer did not answer within 2 s", AlertComposer.NoAnswer);
    }

    [Fact]
    public async Task MotionStarted_WithoutSnapshot_AlertWithoutWaitingNamesNoBlob()
    {
        await SendMotionStartedAsync("evt-1", snapshot: false);

        var alert = await AlertAsync("motion");

        Assert.Equal((null, null, null), (alert.SnapshotBlob, alert.ReadLink, alert.NoReadLink));
    }

    [Fact]
    public async Task Uploaded_AfterTheMotionAlert_FollowUpNamesTheClipBlobWithItsLinkOnceOnly()
    {
        await SendLinkAsync(new SnapshotLink("cam1", "evt-1", "cam1/2026/11/21/evt-1.jpg", Link));
        await SendMotionStartedAsync("evt-1");
        var clipLink = new ReadLink("http://127.0.0.1:10000/devstoreaccount1/edgecam/cam1/2026/11/21/evt-1.mp4?sp=r&sig=z", T0.AddHours(2));

        await SendUploadedAsync("evt-1", clipLink);
        await SendUploadedAsync("evt-1", clipLink);
        await SendUploadedAsync("evt-1.part2", null, Line);
        var part2 = await AlertAsync(AlertComposer.ClipAvailableKind, "evt-1.part2");

        var alerts = _hub.Upstream.Select(u => u.Message.Read(ContractsJsonContext.Default.Alert)).ToList();
        Assert.Equal(["motion", "clipAvailable", "clipAvailable"], alerts.Select(a => a.Kind));
        var first = alerts[1];
        Assert.Equal(("cam1:evt-1:clipAvailable", "cam1/2026/11/21/evt-1.mp4", clipLink, null), (first.AlertId, first.ClipBlob, first.ReadLink, first.NoReadLink));
        Assert.Equal(first.AlertId, _hub.Upstream[1].Message.MessageId);
        Assert.Equal(("cam1/2026/11/21/evt-1.part2.mp4", null, Line), (part2.ClipBlob, part2.ReadLink, part2.NoReadLink));
    }

    [Fact]
    public async Task Uploaded_EventBelowMinScore_NoMotionAlertAndNoFollowUp()
    {
        await SendMotionStartedAsync("evt-quiet", snapshot: false, score: 0.01);
        await SendMotionStartedAsync("evt-2", snapshot: false);
        await AlertAsync("motion", "evt-2");

        await SendUploadedAsync("evt-quiet", null);
        await SendUploadedAsync("evt-2", null);
        await AlertAsync(AlertComposer.ClipAvailableKind, "evt-2");

        Assert.DoesNotContain(_hub.Upstream, u => u.Message.BodyText.Contains("evt-quiet", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Uploaded_FootageAndExport_NoFollowUpAlert()
    {
        await SendMotionStartedAsync("evt-2", snapshot: false);
        await AlertAsync("motion", "evt-2");

        await SendUploadedAsync("footage-20261130T201500000Z", null, kind: ClipKinds.Footage);
        await SendUploadedAsync("export-20261130T201600Z-0a1b2c3d", null, kind: ClipKinds.Export);
        await SendUploadedAsync("evt-2", null);
        await AlertAsync(AlertComposer.ClipAvailableKind, "evt-2");

        Assert.DoesNotContain(_hub.Upstream, u => u.Message.BodyText.Contains("footage-", StringComparison.Ordinal) || u.Message.BodyText.Contains("export-", StringComparison.Ordinal));
    }

    private async Task<Alert> AlertAsync(string kind, string eventId = "evt-1")
    {
        var routed = await _hub.WaitForAsync(r => r.FromModuleId == "EventRouter" && Read(r.Message) is { } a && a.Kind == kind && a.EventId == eventId, Wait);
        return Read(routed.Message);
    }

    private static Alert Read(ModuleMessage message) => message.Read(ContractsJsonContext.Default.Alert);

    private Task SendMotionStartedAsync(string eventId, bool snapshot = true, double score = 0.2) => _camera.SendAsync(
        "motion",
        ContractMessage.Create(new MotionStarted("cam1", eventId, T0, score, [], snapshot ? $"snapshots/cam1/{eventId}.jpg" : null), ContractsJsonContext.Default.MotionStarted, MessageTypes.MotionStarted, "cam1"),
        CancellationToken.None);

    private Task SendLinkAsync(SnapshotLink link) => _buffer.SendAsync(
        "links",
        ContractMessage.Create(link, ContractsJsonContext.Default.SnapshotLink, MessageTypes.SnapshotLink, link.CameraId),
        CancellationToken.None);

    private Task SendUploadedAsync(string eventId, ReadLink? link, string? noReadLink = null, string kind = ClipKinds.Event) => _buffer.SendAsync(
        "uploaded",
        ContractMessage.Create(
            new ClipUploaded("cam1", eventId, $"clips/cam1/{eventId}.mp4", $"http://127.0.0.1:10000/devstoreaccount1/edgecam/cam1/2026/11/21/{eventId}.mp4", $"cam1/2026/11/21/{eventId}.mp4", 1000, "md5", T0.AddSeconds(30)) { ReadLink = link, NoReadLink = noReadLink, Kind = kind },
            ContractsJsonContext.Default.ClipUploaded,
            MessageTypes.ClipUploaded,
            "cam1"),
        CancellationToken.None);
}
