using System.Globalization;

namespace EdgeCam.Agent.Tests.Faults;

/// <summary>
/// The sizes of a fault run: the suite's defaults, or longer ones from the environment (tests/faults/*.sh sets them).
/// A variable that is set but not a positive number fails the test with one line naming it.
/// </summary>
internal static class FaultParameters
{
    /// <summary>How many SIGKILLs the kill loop sends (EDGECAM_FAULT_KILLS, default 30).</summary>
    public static int Kills => Integer("EDGECAM_FAULT_KILLS", 30);

    /// <summary>How many SIGTERMs the stop loop sends (EDGECAM_FAULT_STOPS, default 6).</summary>
    public static int Stops => Integer("EDGECAM_FAULT_STOPS", 6);

    /// <summary>The RNG seed of run lengths (EDGECAM_FAULT_SEED; default a new one, printed).</summary>
    public static int Seed => Integer("EDGECAM_FAULT_SEED", Random.Shared.Next(1, int.MaxValue));

    /// <summary>How long the blackholed link stays down after the stall was reported (EDGECAM_FAULT_OUTAGE_SECONDS, default 5).</summary>
    public static TimeSpan Outage => TimeSpan.FromSeconds(Integer("EDGECAM_FAULT_OUTAGE_SECONDS", 5));

    /// <summary>The longest drain after the faults (EDGECAM_FAULT_DRAIN_SECONDS, default 90).</summary>
    public static TimeSpan DrainLimit => TimeSpan.FromSeconds(Integer("EDGECAM_FAULT_DRAIN_SECONDS", 90));

    /// <summary>A file the figures table is appended to as well (EDGECAM_FAULT_REPORT), or null.</summary>
    public static string? ReportFile => Environment.GetEnvironmentVariable("EDGECAM_FAULT_REPORT") is { Length: > 0 } path ? path : null;

    private static int Integer(string name, int fallback)
    {
        var text = Environment.GetEnvironmentVariable(name);
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new ArgumentException($"{name} must be a positive whole number, got '{text}'.");
    }
}
