namespace EdgeCam.Deployment.Manifests;

/// <summary>The template or its inputs cannot make a manifest; the message is one line saying what to fix.</summary>
public sealed class ManifestException : Exception
{
    public ManifestException()
    {
    }

    public ManifestException(string message)
        : base(message)
    {
    }

    public ManifestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
