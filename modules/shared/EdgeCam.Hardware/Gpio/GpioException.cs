namespace EdgeCam.Hardware.Gpio;

/// <summary>A GPIO chip or line could not be opened or driven; the message says which and why.</summary>
public sealed class GpioException : IOException
{
    public GpioException()
    {
    }

    public GpioException(string message)
        : base(message)
    {
    }

    public GpioException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
