namespace EdgeCam.Edge.Diagnostics;

/// <summary>Checks a directory (the shared volume) accepts a new file: writes, reads back and deletes a probe.</summary>
public sealed class WritableDirectoryCheck : IDeviceCheck
{
    private readonly string _path;

    public WritableDirectoryCheck(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _path = path;
    }

    /// <inheritdoc />
    public string Name => "volume";

    /// <inheritdoc />
    public async Task<CheckResult> RunAsync(CancellationToken cancellationToken)
    {
        var probe = Path.Combine(_path, $".doctor-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            await File.WriteAllTextAsync(probe, "doctor", cancellationToken);
            File.Delete(probe);
            return CheckResult.Ok(Name, $"{_path} is writable.");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return CheckResult.Fail(Name, $"cannot write to {_path} ({ex.GetType().Name}); mount the shared volume read-write and give the module's user (uid) ownership of it.");
        }
    }
}
