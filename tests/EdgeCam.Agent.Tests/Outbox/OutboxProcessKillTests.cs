using System.Diagnostics;
using EdgeCam.Testing;
using EdgeCam.Testing.Logging;
using Microsoft.Extensions.Logging;

namespace EdgeCam.Agent.Tests.Outbox;

[Trait("Category", "Integration")]
public sealed class OutboxProcessKillTests : IDisposable
{
    private readonly TempDirectory _directory = new("outboxkill");
    private readonly RecordingLoggerProvider _logs = new();

    public void Dispose()
    {
        _directory.Dispose();
        _logs.Dispose();
    }

    [Fact]
    public async Task KilledWriter_NextInstanceDrainsEveryAcceptedMessageInOrder_DuplicatesKeepTheirMid()
    {
        var accepted = await RunProbeUntilKilledAsync(minimumAccepted: 200);

        // A first reader sends part and dies before committing the last one it sent: that one comes back, same $.mid.
        var firstPass = new List<string>();
        await using (var reader = Open())
        {
            var sent = await OutboxTests.DrainAsync(reader, 50);
            var inFlight = await reader.PeekAsync(CancellationToken.None);
            firstPass.AddRange(sent.Select(e => e.Message.MessageId!));
            firstPass.Add(inFlight.Message.MessageId!);
        }

        await using var next = Open();
        int remaining = next.Count;
        var secondPass = (await OutboxTests.DrainAsync(next, remaining)).Select(e => e.Message.MessageId!).ToList();

        var delivered = firstPass.Concat(secondPass).ToList();
        Assert.Equal(firstPass[^1], secondPass[0]);
        Assert.Equal(delivered.Count - 1, delivered.Distinct().Count());
        var mids = delivered.Distinct().ToList();
        Assert.Equal(accepted.Select(a => a.Mid), mids.Take(accepted.Count));
        Assert.InRange(mids.Count - accepted.Count, 0, 1); // at most the one whose "accepted" line the kill cut off
        Assert.InRange(_logs.Entries.Count(e => e.EventId == 501), 0, 1);
    }

    private async Task<List<(long N, string Mid)>> RunProbeUntilKilledAsync(int minimumAccepted)
    {
        var probe = Path.Combine(AppContext.BaseDirectory, "EdgeCam.Agent.OutboxProbe.dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add(probe);
        info.ArgumentList.Add(_directory.Path);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("the outbox probe did not start");
        var accepted = new List<(long, string)>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (accepted.Count < minimumAccepted && await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            var parts = line.Split(' ');
            accepted.Add((long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), parts[1]));
        }

        process.Kill(); // SIGKILL on Linux: no finally blocks, no flush, no dispose
        await process.WaitForExitAsync(CancellationToken.None);

        // Lines printed before the kill but not read yet are still in the pipe: those messages were accepted too.
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { Length: > 0 } line)
        {
            var parts = line.Split(' ');
            if (parts.Length == 2)
            {
                accepted.Add((long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), parts[1]));
            }
        }

        Assert.True(accepted.Count >= minimumAccepted, $"the probe accepted only {accepted.Count} messages");
        return accepted;
    }

    private Agent.Outbox.Outbox Open() =>
        Agent.Outbox.Outbox.Open(new Agent.Outbox.OutboxOptions(_directory.Path), _logs.CreateLogger<Agent.Outbox.Outbox>());
}
