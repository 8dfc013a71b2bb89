namespace EdgeCam.Onvif.Soap;

/// <summary>An ONVIF call that failed: a SOAP fault, an HTTP error, or a response without the expected element. The message names the call and the device.</summary>
public sealed class OnvifCallException : Exception
{
    public OnvifCallException()
    {
    }

    public OnvifCallException(string message)
        : base(message)
    {
    }

    public OnvifCallException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
