namespace EdgeCam.Contracts;

/// <summary>
/// The value of the <see cref="MessageProperties.MessageType"/> application property on every message EdgeCam sends.
/// Routes in deployment.template.json can filter on it (<c>WHERE messageType = 'motionStarted'</c>).
/// </summary>
public static class MessageTypes
{
    public const string MotionStarted = "motionStarted";
    public const string MotionEnded = "motionEnded";
    public const string ClipReady = "clipReady";
    public const string ClipUploaded = "clipUploaded";
    public const string SnapshotReady = "snapshotReady";
    public const string SnapshotLink = "snapshotLink";
    public const string Alert = "alert";
    public const string CameraHealth = "cameraHealth";
    public const string CameraFrameCounts = "cameraFrameCounts";
    public const string StorageHealth = "storageHealth";
    public const string BufferHealth = "bufferHealth";
    public const string OutageSummary = "outageSummary";
    public const string TamperHealth = "tamperHealth";
    public const string OutboxHealth = "outboxHealth";
    public const string NightVisionChanged = "nightVisionChanged";
    public const string RecordingTrigger = "recordingTrigger";
}

/// <summary>Names of the application properties EdgeCam sets on its messages.</summary>
public static class MessageProperties
{
    public const string MessageType = "messageType";
    public const string SchemaVersion = "schemaVersion";
    public const string CameraId = "cameraId";
}

/// <summary>The schema version of every contract in this assembly. Bump it on a breaking change of a JSON shape.</summary>
public static class Schema
{
    public const int Version = 1;
}
