using EdgeCam.Edge.Twin;

namespace EdgeCam.EventRouter.Health;

/// <summary>EventRouter's health alert settings: twin section <c>health</c>. All apply live (a running offline or stuck timer keeps the delay it started with).</summary>
/// <param name="CameraOfflineAfter">A camera not streaming (starting, restarting, failed) this long raises <c>cameraOffline</c> (<c>health.cameraOfflineSeconds</c>).</param>
/// <param name="UploadsStuckAfter">The oldest clip waiting for upload this old raises <c>uploadsStuck</c> (<c>health.uploadsStuckSeconds</c>).</param>
/// <param name="ClockCheckInterval">How often the kernel's clock synchronisation status is read (<c>health.clockCheckSeconds</c>).</param>
public sealed record HealthSettings(TimeSpan CameraOfflineAfter, TimeSpan UploadsStuckAfter, TimeSpan ClockCheckInterval)
{
    /// <summary>The section name in the desired properties.</summary>
    public const string SectionName = "health";

    /// <summary>
    /// The defaults: two minutes rides out a camera's reboot or a Wi-Fi roam without an alert; an hour of backlog is far
    /// beyond a working link's retries (the retry cap is 15 minutes) yet early enough to act before the buffer fills.
    /// </summary>
    public static HealthSettings Default { get; } = new(TimeSpan.FromSeconds(120), TimeSpan.FromSeconds(3600), TimeSpan.FromSeconds(60));

    /// <summary>Reads the section; errors are collected by <paramref name="reader"/> with the property path.</summary>
    public static HealthSettings Read(SettingsReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new HealthSettings(
            reader.GetSeconds("cameraOfflineSeconds", Default.CameraOfflineAfter, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1)),
            reader.GetSeconds("uploadsStuckSeconds", Default.UploadsStuckAfter, TimeSpan.FromSeconds(1), TimeSpan.FromDays(7)),
            reader.GetSeconds("clockCheckSeconds", Default.ClockCheckInterval, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1)));
    }
}
