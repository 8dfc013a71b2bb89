using System.Diagnostics;
using System.Globalization;
using EdgeCam.WebConsole.Security;

namespace EdgeCam.WebConsole.Benchmarks;

/// <summary>
/// How long one sign-in's password check takes here: <see cref="PasswordHash.Verify"/> against a hash made at the
/// configured iterations, timed over a few runs after one warm-up. Prints figures; asserts nothing.
/// </summary>
internal static class PasswordCheckTiming
{
    public static int Run(int checks)
    {
        const string password = "correct horse battery";
        var stored = PasswordHash.Create(password);
        PasswordHash.Verify(password, stored); // warm-up: JIT and the crypto provider
        var times = new List<double>();
        for (var i = 0; i < checks; i++)
        {
            var watch = Stopwatch.StartNew();
            PasswordHash.Verify(password, stored);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"console password check, PBKDF2-HMAC-SHA256 at {PasswordHash.Iterations:N0} iterations ({checks} checks, {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture}):"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  min {times[0]:0} ms, median {times[times.Count / 2]:0} ms, max {times[^1]:0} ms"));
        return 0;
    }
}
