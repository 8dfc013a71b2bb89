using Xunit;

namespace EdgeCam.Testing;

/// <summary>Waits for a condition that background pumps make true, with a generous timeout.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, string because, int timeoutMs = 5000)
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
