using System.Collections.Concurrent;
using EdgeCam.Edge.InProcess;

namespace EdgeCam.Agent.Tests.Hosting;

/// <summary>The messages an agent host's in-process hub routed, as the host tests collect them from <c>MessageRouted</c>.</summary>
internal static class RoutedMessages
{
    /// <summary>The first routed message matching <paramref name="predicate"/>, polled until <paramref name="patience"/> runs out.</summary>
    public static async Task<RoutedMessage> WaitForAsync(ConcurrentQueue<RoutedMessage> routed, Func<RoutedMessage, bool> predicate, TimeSpan patience)
    {
        using var timeout = new CancellationTokenSource(patience);
        while (!timeout.IsCancellationRequested)
        {
            if (routed.FirstOrDefault(predicate) is { } found)
            {
                return found;
            }

            await Task.Delay(200, CancellationToken.None);
        }

        throw new TimeoutException($"not routed within {patience.TotalSeconds} s; routed: {string.Join(", ", routed.Select(r => $"{r.FromModuleId}/{r.OutputName}"))}");
    }
}
