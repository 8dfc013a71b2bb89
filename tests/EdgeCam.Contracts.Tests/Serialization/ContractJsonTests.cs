using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeCam.Contracts;
using EdgeCam.Contracts.Alerts;
using EdgeCam.Contracts.Capture;
using EdgeCam.Contracts.Clips;
using EdgeCam.Contracts.Health;
using EdgeCam.Contracts.Motion;
using EdgeCam.Contracts.Serialization;
using EdgeCam.Contracts.Triggers;

namespace EdgeCam.Contracts.Tests.Serialization;

public sealed class ContractJsonTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 8, 30, 0, TimeSpan.Zero);

    [Fact]
    public void Serialize_MotionStarted_RoundTripsWithCamelCaseAndSchemaVersion()
    {
        var started = new MotionStarted("cam1", "evt-1", T0, 0.125, [new MotionRegion(1, 2, 30, 40, 900)], "snapshots/cam1/evt-1.jpg");

        var bytes = ContractJson.Serialize(started, ContractsJsonContext.Default.MotionStarted);
        var back = ContractJson.Deserialize(bytes, ContractsJsonContext.Default.MotionStarted);
        var json = JsonNode.Parse(bytes)!.AsObject();

        Assert.Equal(started.EventId, back.EventId);
        Assert.Equal(started.Start, back.Start);
        Assert.Equal(started.Regions, back.Regions);
        Assert.Equal(Schema.Version, (int)json["schemaVersion"]!);
        Assert.Equal("evt-1", (string)json["eventId"]!);
        Assert.Equal(900, (int)json["regions"]![0]!["area"]!);
    }

    [Fact]
    public void Serialize_AllContracts_RoundTripEqual()
    {
        var ended = new MotionEnded("cam1", "evt-1", T0, T0.AddSeconds(9), 0.3, 40);
        var clip = new ClipReady("cam1", "evt-1", "clips/cam1/evt-1.mp4", T0.AddSeconds(-5), T0.AddSeconds(14), 123456, "q83vEjRWeJq83vEjRWeJqw==");
        var uploaded = new ClipUploaded("cam1", "evt-1", clip.ClipPath, "http://127.0.0.1:10000/devstoreaccount1/edgecam", "cam1/2026/11/21/evt-1.mp4", 123456, clip.ContentMd5, T0.AddMinutes(1));
        var alert = new Alert("alert-cam1-evt-1", "motion", "cam1", "evt-1", T0, 0.3, "Motion on cam1");
        var health = new CameraHealth("cam1", CaptureState.Running, "/dev/video0", 10, 0, T0);
        var session = new CaptureSession("cam1", "20261121T083000000Z", T0, 2);
        var trigger = new RecordingTrigger("cam1", "door-1", T0, 30, "mqtt", "doorbell", PreRollSeconds: 8);
        var triggered = clip with { EventId = "trigger-door-1", Trigger = new ClipTrigger("door-1", "mqtt", "doorbell") };

        Assert.Equal(ended, RoundTrip(ended, ContractsJsonContext.Default.MotionEnded));
        Assert.Equal(clip, RoundTrip(clip, ContractsJsonContext.Default.ClipReady));
        Assert.Equal(uploaded, RoundTrip(uploaded, ContractsJsonContext.Default.ClipUploaded));
        Assert.Equal(alert, RoundTrip(alert, ContractsJsonContext.Default.Alert));
        Assert.Equal(health, RoundTrip(health, ContractsJsonContext.Default.CameraHealth));
        Assert.Equal(session, RoundTrip(session, ContractsJsonContext.Default.CaptureSession));
        Assert.Equal(trigger, RoundTrip(trigger, ContractsJsonContext.Default.RecordingTrigger));
        Assert.Equal(triggered, RoundTrip(triggered, ContractsJsonContext.Default.ClipReady));
    }

    [Fact]
    public void Serialize_ClipReadyOfAMotionEvent_HasNoTrigger()
    {
        var clip = new ClipReady("cam1", "evt-1", "clips/cam1/evt-1.mp4", T0, T0.AddSeconds(10), 1, "AAAA");

        var json = JsonNode.Parse(ContractJson.Serialize(clip, ContractsJsonContext.Default.ClipReady))!.AsObject();

        Assert.False(json.ContainsKey("trigger"));
    }

    [Fact]
    public void Deserialize_ClipUploadedWithoutKind_IsAnEventClip()
    {
        const string Old = """{"cameraId":"cam1","eventId":"evt-1","clipPath":"c.mp4","target":"t","blobName":"b","sizeBytes":1,"contentMd5":"AAAA","uploadedAt":"2026-11-30T20:00:00Z"}""";

        Assert.Equal(ClipKinds.Event, JsonSerializer.Deserialize(Old, ContractsJsonContext.Default.ClipUploaded)!.Kind);
    }

    [Fact]
    public void Deserialize_ClipReadyWithoutKind_IsAnEventClipAndFootageKeepsItsKind()
    {
        const string Old = """{"cameraId":"cam1","eventId":"evt-1","clipPath":"c.mp4","start":"2026-11-30T20:00:00Z","end":"2026-11-30T20:00:10Z","sizeBytes":1,"contentMd5":"AAAA"}""";
        var footage = new ClipReady("cam1", "f-1", "f.mp4", T0, T0.AddSeconds(60), 1, "AAAA") { Kind = ClipKinds.Footage };

        Assert.Equal(ClipKinds.Event, JsonSerializer.Deserialize(Old, ContractsJsonContext.Default.ClipReady)!.Kind);
        Assert.Equal(ClipKinds.Footage, RoundTrip(footage, ContractsJsonContext.Default.ClipReady).Kind);
    }

    [Theory]
    [InlineData("", "door-1", 30.0, null, "cameraId is missing")]
    [InlineData("cam1", "", 30.0, null, "triggerId '' must be")]
    [InlineData("cam1", "a/b", 30.0, null, "triggerId 'a/b' must be")]
    [InlineData("cam1", "..", 30.0, null, "triggerId '..' must be")]
    [InlineData("cam1", "door-1", 0.0, null, "durationSeconds must be above 0")]
    [InlineData("cam1", "door-1", 3601.0, null, "durationSeconds must be above 0 and at most 3600")]
    [InlineData("cam1", "door-1", 30.0, 61.0, "preRollSeconds must be 0 to 60")]
    public void Problem_InvalidTrigger_NamesTheField(string cameraId, string triggerId, double duration, double? preRoll, string expected)
    {
        var trigger = new RecordingTrigger(cameraId, triggerId, T0, duration, "method", PreRollSeconds: preRoll);

        Assert.StartsWith(expected, trigger.Problem(), StringComparison.Ordinal);
    }

    [Fact]
    public void Problem_ValidTrigger_IsNullAndItsEventIdIsPrefixed()
    {
        var trigger = new RecordingTrigger("cam1", new string('a', RecordingTrigger.MaxTriggerIdLength), T0, 30, "rule");

        Assert.Null(trigger.Problem());
        Assert.Equal("trigger-" + trigger.TriggerId, trigger.EventId);
    }

    [Fact]
    public void Serialize_CameraHealth_WritesStateAsCamelCaseString()
    {
        var health = new CameraHealth("cam1", CaptureState.Failed, "rtsp://cam", 0, 0, T0, "cannot open");

        var json = JsonNode.Parse(ContractJson.Serialize(health, ContractsJsonContext.Default.CameraHealth))!.AsObject();

        Assert.Equal("failed", (string)json["state"]!);
    }

    [Fact]
    public void Serialize_WaitingForSpaceAndStorageHealth_CamelCaseStatesAndRoundTrip()
    {
        var camera = new CameraHealth("cam1", CaptureState.WaitingForSpace, "/dev/video0", 0, 0, T0, "No space left on device");
        var storage = new StorageHealth("SegmentRecorder", StorageState.BelowFloor, 1000, 5000, 100_000, T0);

        var cameraJson = JsonNode.Parse(ContractJson.Serialize(camera, ContractsJsonContext.Default.CameraHealth))!.AsObject();
        var storageJson = JsonNode.Parse(ContractJson.Serialize(storage, ContractsJsonContext.Default.StorageHealth))!.AsObject();

        Assert.Equal(("waitingForSpace", "belowFloor"), ((string)cameraJson["state"]!, (string)storageJson["state"]!));
        Assert.Equal(storage, RoundTrip(storage, ContractsJsonContext.Default.StorageHealth));
    }

    [Fact]
    public void Serialize_BufferHealthWithEmptyBacklog_OmitsOldestPendingAndRoundTrips()
    {
        var empty = new BufferHealth("BlobBuffer", 0, 0, Uploading: true, T0, OldestPendingSince: null, LastUploadAt: T0);

        var json = JsonNode.Parse(ContractJson.Serialize(empty, ContractsJsonContext.Default.BufferHealth))!.AsObject();

        Assert.False(json.ContainsKey("oldestPendingSince"));
        Assert.Equal(0, (int)json["pendingCount"]!);
        Assert.Equal(empty, RoundTrip(empty, ContractsJsonContext.Default.BufferHealth));
    }

    [Fact]
    public void Serialize_OutageSummary_CamelCaseFieldsAndRoundTrips()
    {
        var summary = new OutageSummary("BlobBuffer", T0, T0.AddHours(3), 14, 15, 9, 90_000_000, T0.AddMinutes(5), 2);

        var json = JsonNode.Parse(ContractJson.Serialize(summary, ContractsJsonContext.Default.OutageSummary))!.AsObject();

        Assert.Equal(
            ["buffer", "from", "to", "eventsAccepted", "clipsAccepted", "clipsWaiting", "bytesWaiting", "oldestPendingSince", "evicted", "schemaVersion"],
            json.Select(p => p.Key));
        Assert.Equal(summary, RoundTrip(summary, ContractsJsonContext.Default.OutageSummary));
    }

    [Fact]
    public void Serialize_CameraFrameCounts_CamelCaseAndRoundTrip()
    {
        var counts = new CameraFrameCounts("cam1", 1234, 5, T0);

        var json = JsonNode.Parse(ContractJson.Serialize(counts, ContractsJsonContext.Default.CameraFrameCounts))!.AsObject();

        Assert.Equal(1234L, (long)json["framesAnalysed"]!);
        Assert.Equal(5L, (long)json["framesDropped"]!);
        Assert.Equal(counts, RoundTrip(counts, ContractsJsonContext.Default.CameraFrameCounts));
    }

    [Fact]
    public void Serialize_TamperHealth_CamelCaseStateAndRoundTrip()
    {
        var tamper = new TamperHealth("cam1", TamperState.Defocused, 31.5, 0.998, 0.323, T0);

        var json = JsonNode.Parse(ContractJson.Serialize(tamper, ContractsJsonContext.Default.TamperHealth))!.AsObject();

        Assert.Equal("defocused", (string)json["state"]!);
        Assert.Equal(tamper, RoundTrip(tamper, ContractsJsonContext.Default.TamperHealth));
    }

    [Fact]
    public void Serialize_OutboxHealth_RoundTrips()
    {
        var outbox = new OutboxHealth("Agent", Dropping: true, DroppedCount: 15, PendingCount: 10_000, T0);

        var json = JsonNode.Parse(ContractJson.Serialize(outbox, ContractsJsonContext.Default.OutboxHealth))!.AsObject();

        Assert.True((bool)json["dropping"]!);
        Assert.Equal(outbox, RoundTrip(outbox, ContractsJsonContext.Default.OutboxHealth));
    }

    [Fact]
    public void Serialize_NullOptionalMember_OmitsIt()
    {
        var alert = new Alert("a", "motion", "cam1", "evt-1", T0, 0.3, "text");

        var json = JsonNode.Parse(ContractJson.Serialize(alert, ContractsJsonContext.Default.Alert))!.AsObject();

        Assert.False(json.ContainsKey("snapshotPath"));
    }

    [Fact]
    public void Deserialize_ClipReadyWithoutPart_IsPartOneAndLast()
    {
        var json = Encoding.UTF8.GetBytes("""{"cameraId":"cam1","eventId":"evt-1","clipPath":"clips/cam1/evt-1.mp4","start":"2026-11-21T08:30:00Z","end":"2026-11-21T08:30:09Z","sizeBytes":10,"contentMd5":"AAAA","schemaVersion":1}""");

        var clip = ContractJson.Deserialize(json, ContractsJsonContext.Default.ClipReady);

        Assert.Equal((1, true), (clip.Part, clip.LastPart));
    }

    [Fact]
    public void Serialize_ClipReadyPart_WritesPartAndLastPart()
    {
        var clip = new ClipReady("cam1", "evt-1.part2", "clips/cam1/evt-1.part2.mp4", T0, T0.AddSeconds(119), 10, "AAAA", Part: 2, LastPart: false);

        var json = JsonNode.Parse(ContractJson.Serialize(clip, ContractsJsonContext.Default.ClipReady))!.AsObject();

        Assert.Equal((2, false, 1), ((int)json["part"]!, (bool)json["lastPart"]!, (int)json["schemaVersion"]!));
        Assert.Equal(clip, ContractJson.Deserialize(Encoding.UTF8.GetBytes(json.ToJsonString()), ContractsJsonContext.Default.ClipReady));
    }

    [Fact]
    public void Deserialize_MalformedJson_ThrowsNamingTheContract()
    {
        var ex = Assert.Throws<ContractFormatException>(() => ContractJson.Deserialize("{\"cameraId\": "u8, ContractsJsonContext.Default.ClipReady));

        Assert.StartsWith("ClipReady: malformed JSON", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_MissingRequiredMember_ThrowsNamingTheMember()
    {
        var json = Encoding.UTF8.GetBytes("{\"cameraId\":\"cam1\",\"eventId\":\"e\",\"start\":\"2026-11-21T08:30:00Z\",\"end\":\"2026-11-21T08:30:09Z\",\"peakScore\":0.1}");

        var ex = Assert.Throws<ContractFormatException>(() => ContractJson.Deserialize(json, ContractsJsonContext.Default.MotionEnded));

        Assert.Contains("motionFrames", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_JsonNull_Throws()
    {
        Assert.Throws<ContractFormatException>(() => ContractJson.Deserialize("null"u8, ContractsJsonContext.Default.Alert));
    }

    private static T RoundTrip<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> info)
        => ContractJson.Deserialize(ContractJson.Serialize(value, info), info);
}
