using System.Text.Json.Nodes;
using EdgeCam.Contracts.Capture;
using EdgeCam.Contracts.Clips;
using EdgeCam.Contracts.Serialization;
using EdgeCam.Media.Clips;
using EdgeCam.SegmentRecorder.Footage;
using EdgeCam.SegmentRecorder.Tests.Fakes;
using EdgeCam.Testing.Hub;

namespace EdgeCam.SegmentRecorder.Tests;

public sealed partial class SegmentRecorderModuleTests
{
    private static JsonObject FootageOn(double fileSeconds) => new()
    {
        ["footage"] = new JsonObject { ["enabled"] = true, ["fileSeconds"] = fileSeconds },
    };

    [Fact]
    public async Task RunAsync_FootageEnabled_SendsFilesOfTheSetLengthAsKindFootage()
    {
        var started = DateTimeOffset.UtcNow.AddSeconds(-60);
        await SpoolWriter.RecordAsync(_volume, new CaptureSession("cam1", "s1", started, 2), seconds: 26);
        await using var hub = CreateHub(FootageOn(10));
        var (run, _) = await StartModuleAsync(hub);

        var files = await FootageAsync(hub, 2);
        await Task.Delay(TimeSpan.FromSeconds(3)); // the rest (20..26 s) is short of a file while the session records

        Assert.Equal(2, Footage(hub).Count);
        Assert.All(files, f => Assert.Equal(ClipKinds.Footage, f.Kind));
        Assert.Equal([FootageTier.FileId(started), FootageTier.FileId(started.AddSeconds(10))], files.Select(f => f.EventId));
        Assert.Equal(started.AddSeconds(10), files[1].Start);
        foreach (var file in files)
        {
            var duration = (await new MediaProbe().ReadTimesAsync(_volume.Resolve(file.ClipPath), CancellationToken.None)).DurationSeconds;
            Assert.InRange(duration, 9.9, 10.1);
            Assert.Equal(new FileInfo(_volume.Resolve(file.ClipPath)).Length, file.SizeBytes);
        }

        await StopAsync(run);
    }

    [Fact]
    public async Task RunAsync_RestartedAfterFootageWasSent_ResumesAtTheCursorWithoutRepeatOrGap()
    {
        var started = DateTimeOffset.UtcNow.AddSeconds(-120);
        await SpoolWriter.RecordAsync(_volume, new CaptureSession("cam1", "s1", started, 2), seconds: 26);
        List<ClipReady> before;
        await using (var hub = CreateHub(FootageOn(10)))
        {
            using var firstStop = new CancellationTokenSource();
            var (run, _) = await StartAsync(hub, new SegmentRecorderModule(_volume), await hub.ClientAsync(ModuleId), firstStop.Token);
            before = await FootageAsync(hub, 2);
            await firstStop.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(Patience));
        }

        // While the module was down the capture restarted: session s1 ended (a newer one exists) with 6 s not yet in a file.
        await SpoolWriter.RecordAsync(_volume, new CaptureSession("cam1", "s2", started.AddSeconds(40), 2), seconds: 20);
        await using (var hub = CreateHub(FootageOn(10)))
        {
            var (run, _) = await StartModuleAsync(hub);
            var after = await FootageAsync(hub, 3);

            Assert.Equal(
                [started.AddSeconds(20), started.AddSeconds(40), started.AddSeconds(50)],
                after.Select(f => f.Start));
            Assert.Empty(after.Select(f => f.EventId).Intersect(before.Select(f => f.EventId)));
            Assert.InRange(after[0].Duration.TotalSeconds, 5.9, 6.1);
            await StopAsync(run);
        }
    }

    private static List<ClipReady> Footage(TestHub hub) =>
        [.. hub.Routed
            .Where(r => r.FromModuleId == ModuleId && r.OutputName == "clipReady")
            .Select(r => ContractJson.Deserialize(r.Message.Body.Span, ContractsJsonContext.Default.ClipReady))
            .Where(c => c.Kind == ClipKinds.Footage)
            .OrderBy(c => c.Start)];

    private static async Task<List<ClipReady>> FootageAsync(TestHub hub, int count)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (Footage(hub).Count < count)
        {
            await Task.Delay(100, timeout.Token);
        }

        return Footage(hub);
    }
}
