namespace EdgeCam.Edge.IotHub;

/// <summary>The hub answered a twin request with an error status (after retries, for 429 and 5xx).</summary>
public sealed class IotHubStatusException : Exception
{
    public IotHubStatusException()
    {
    }

    public IotHubStatusException(string message)
        : base(message)
    {
    }

    public IotHubStatusException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public IotHubStatusException(string operation, int status, string detail)
        : base($"{operation}: the hub answered {status}{(detail.Length == 0 ? string.Empty : ": " + detail)}")
    {
        Status = status;
    }

    /// <summary>The status the hub answered with.</summary>
    public int Status { get; }
}

/// <summary>The hub sent something that does not follow the contract (for example a twin that is not a JSON object).</summary>
public sealed class IotHubProtocolException : Exception
{
    public IotHubProtocolException()
    {
    }

    public IotHubProtocolException(string message)
        : base(message)
    {
    }

    public IotHubProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>The hub refused the credentials (CONNACK 4 or 5): a wrong key, an expired token or a clock far off.</summary>
public sealed class IotHubAuthenticationException : Exception
{
    public IotHubAuthenticationException()
    {
    }

    public IotHubAuthenticationException(string message)
        : base(message)
    {
    }

    public IotHubAuthenticationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>A twin section, property value or method payload is bigger than IoT Hub accepts.</summary>
public sealed class IotHubLimitExceededException : InvalidOperationException
{
    public IotHubLimitExceededException()
    {
    }

    public IotHubLimitExceededException(string message)
        : base(message)
    {
    }

    public IotHubLimitExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public IotHubLimitExceededException(string what, long sizeBytes, long maxBytes)
        : base($"{what} is {sizeBytes} bytes, more than the {maxBytes} bytes IoT Hub accepts")
    {
        SizeBytes = sizeBytes;
        MaxBytes = maxBytes;
    }

    public long SizeBytes { get; }

    public long MaxBytes { get; }
}
