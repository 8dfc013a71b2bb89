namespace EdgeCam.EventRouter.LocalMqtt;

/// <summary>
/// Every topic EdgeCam uses on the local broker, in one place (the EventRouter README shows the same table):
/// <c>&lt;prefix&gt;/&lt;device&gt;/…</c>, so two EdgeCam devices share a broker without clashing. Names are single topic
/// levels: MQTT wildcards and '/' in a camera, zone or device name become '_'.
/// </summary>
/// <param name="Prefix">The first level (<c>mqtt.topicPrefix</c>, default <c>edgecam</c>).</param>
/// <param name="Device">The device: its IoT Edge device id, or the host name.</param>
public sealed record TopicLayout(string Prefix, string Device)
{
    private string Root => $"{Prefix}/{Level(Device)}";

    /// <summary><c>online</c> (retained) while EventRouter is connected; <c>offline</c> as its last will.</summary>
    public string Availability => $"{Root}/status";

    /// <summary>Each alert's JSON (QoS 1, not retained).</summary>
    public string Alert(string cameraId) => $"{Root}/{Level(cameraId)}/alert";

    /// <summary><c>ON</c> from motionStarted to motionEnded, else <c>OFF</c> (retained).</summary>
    public string Motion(string cameraId) => $"{Root}/{Level(cameraId)}/motion";

    /// <summary>Motion in one configured zone: <c>ON</c>/<c>OFF</c> (retained).</summary>
    public string ZoneMotion(string cameraId, string zone) => $"{Root}/{Level(cameraId)}/zone/{Level(zone)}/motion";

    /// <summary>The JPEG of the last event start (raw bytes, retained).</summary>
    public string Snapshot(string cameraId) => $"{Root}/{Level(cameraId)}/snapshot";

    /// <summary>Capture state (<c>running</c>, <c>restarting</c>, <c>failed</c>, …; retained).</summary>
    public string CameraState(string cameraId) => $"{Root}/{Level(cameraId)}/state";

    /// <summary>Night vision mode: <c>day</c> or <c>night</c> (retained).</summary>
    public string InfraredMode(string cameraId) => $"{Root}/{Level(cameraId)}/ir";

    /// <summary>ISO 8601 time the last clip of this camera reached storage (retained).</summary>
    public string LastUpload(string cameraId) => $"{Root}/{Level(cameraId)}/lastUpload";

    /// <summary>One figure of a buffer's backlog: <c>pendingCount</c>, <c>pendingBytes</c>, <c>lastUpload</c> (retained).</summary>
    public string Buffer(string bufferId, string figure) => $"{Root}/buffer/{Level(bufferId)}/{figure}";

    /// <summary>Command: record a clip of this camera now (EventRouter/Commands/MqttCommands).</summary>
    public string TriggerCommand(string cameraId) => $"{Root}/{Level(cameraId)}/trigger/set";

    /// <summary>The filter matching <see cref="TriggerCommand"/> of every camera.</summary>
    public string TriggerCommands => $"{Root}/+/trigger/set";

    /// <summary>Reserved (not subscribed): arm or disarm one camera. Arming is the twin's <c>rules.cameras</c> only so far.</summary>
    public string ArmedCommand(string cameraId) => $"{Root}/{Level(cameraId)}/armed/set";

    /// <summary>Command: home/away for the whole device.</summary>
    public string ModeCommand => $"{Root}/mode/set";

    /// <summary>The camera level of a <see cref="TriggerCommand"/> topic, or null when <paramref name="topic"/> is not one.</summary>
    public string? TriggerCommandCamera(string topic)
    {
        ArgumentNullException.ThrowIfNull(topic);
        const string Suffix = "/trigger/set";
        var start = Root + "/";
        if (!topic.StartsWith(start, StringComparison.Ordinal) || !topic.EndsWith(Suffix, StringComparison.Ordinal)
            || topic.Length <= start.Length + Suffix.Length)
        {
            return null;
        }

        var camera = topic[start.Length..^Suffix.Length];
        return camera.Contains('/', StringComparison.Ordinal) ? null : camera;
    }

    /// <summary><paramref name="name"/> as one topic level: wildcards, '/' and NUL become '_'.</summary>
    public static string Level(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return string.Create(name.Length, name, (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = source[i] is '/' or '+' or '#' or '\0' ? '_' : source[i];
            }
        });
    }
}
