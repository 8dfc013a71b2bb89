namespace EdgeCam.EventRouter.Health;

/// <summary>A health condition: the alert kind sent when an episode starts and the kind of its one recovery.</summary>
/// <param name="Name">Names the episode in alert ids.</param>
/// <param name="AlertKind">Kind of the alert at the start.</param>
/// <param name="RecoveredKind">Kind of the recovery at the end.</param>
public sealed record HealthCondition(string Name, string AlertKind, string RecoveredKind)
{
    public static HealthCondition CameraOffline { get; } = new("cameraOffline", "cameraOffline", "cameraOnline");

    public static HealthCondition StorageLow { get; } = new("storageLow", "storageLow", "storageRecovered");

    public static HealthCondition UploadsStuck { get; } = new("uploadsStuck", "uploadsStuck", "uploadsRecovered");

    public static HealthCondition StorageCredentialExpiring { get; } = new("storageCredentialExpiring", "storageCredentialExpiring", "storageCredentialRenewed");

    public static HealthCondition ClockUnsynchronised { get; } = new("clockUnsynchronised", "clockUnsynchronised", "clockSynchronised");

    public static HealthCondition OutboxDropping { get; } = new("outboxDropping", "outboxDropping", "outboxRecovered");

    /// <summary>One tamper episode per camera whatever its kind; the alert's kind names the first one seen.</summary>
    public static HealthCondition Tamper { get; } = new("tamper", "tampered", "tamperCleared");
}
