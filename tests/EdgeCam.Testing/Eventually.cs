using Xunit;

namespace EdgeCam.Testing;

/// <summary>Waits for a condition that background pumps make true, with a generous timeout (a bound, not a speed claim: a loaded 2-core machine can stall a pump for seconds).</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, string because, int timeoutMs = 15000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out waiting until {because}");
            }

            await Task.Delay(10);
        }
    }
}
