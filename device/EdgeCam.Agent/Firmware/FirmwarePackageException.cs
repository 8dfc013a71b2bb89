namespace EdgeCam.Agent.Firmware;

/// <summary>A package was refused or could not be fetched; the message is the one line the twin and the log show.</summary>
public sealed class FirmwarePackageException : Exception
{
    public FirmwarePackageException()
    {
    }

    public FirmwarePackageException(string message)
        : base(message)
    {
    }

    public FirmwarePackageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>True when the package itself was refused (hash, signature, contents), false when it could not be fetched or stored.</summary>
    public bool Refused { get; init; }
}
