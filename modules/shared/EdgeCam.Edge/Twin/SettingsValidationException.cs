namespace EdgeCam.Edge.Twin;

/// <summary>Desired properties that do not make valid settings. The message names every wrong property.</summary>
public sealed class SettingsValidationException : Exception
{
    public SettingsValidationException()
        : this([])
    {
    }

    public SettingsValidationException(string message)
        : base(message)
    {
        Errors = [];
    }

    public SettingsValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [];
    }

    public SettingsValidationException(IReadOnlyList<SettingsError> errors)
        : base(errors is { Count: > 0 } ? string.Join("; ", errors) : "invalid settings")
    {
        Errors = errors;
    }

    /// <summary>Convenience for a single invalid property.</summary>
    public SettingsValidationException(string path, string reason)
        : this([new SettingsError(path, reason)])
    {
    }

    /// <summary>Every invalid property (empty when the exception was made from a message only).</summary>
    public IReadOnlyList<SettingsError> Errors { get; }
}
