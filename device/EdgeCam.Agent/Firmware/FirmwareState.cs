namespace EdgeCam.Agent.Firmware;

/// <summary>Where the agent's own release stands, as reported in the device twin's <c>firmware.state</c>.</summary>
public enum FirmwareState
{
    /// <summary>The running release started and reached IoT Hub (after an update: it is now the confirmed current release).</summary>
    Healthy,

    /// <summary>The package is being downloaded.</summary>
    Downloading,

    /// <summary>The package's SHA-256 and signature are being checked.</summary>
    Verifying,

    /// <summary>The package is being unpacked beside the running release.</summary>
    Installing,

    /// <summary><c>current</c> points at the new release; the agent exits so its supervisor starts the new one.</summary>
    Restarting,

    /// <summary>The desired section or the package was refused (one line says why); nothing was switched.</summary>
    Refused,

    /// <summary>The update could not be carried out (download failed, disk full); nothing was switched. A changed desired section retries.</summary>
    Failed,

    /// <summary>The new release did not report healthy in time (or did not start); <c>current</c> points at the previous one again.</summary>
    RolledBack,
}
