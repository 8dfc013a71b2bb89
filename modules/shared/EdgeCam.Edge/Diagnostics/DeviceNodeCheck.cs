namespace EdgeCam.Edge.Diagnostics;

/// <summary>Checks a device node (e.g. the camera <c>/dev/video0</c>) exists and this process may open it for reading.</summary>
public sealed class DeviceNodeCheck : IDeviceCheck
{
    private readonly string _path;
    private readonly string _what;

    /// <param name="name">Printed name (e.g. <c>camera</c>).</param>
    /// <param name="path">The device node.</param>
    /// <param name="what">What to call it in advice (e.g. <c>the camera</c>).</param>
    public DeviceNodeCheck(string name, string path, string what)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentException.ThrowIfNullOrWhiteSpace(what);
        Name = name;
        _path = path;
        _what = what;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public Task<CheckResult> RunAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(_path))
        {
            return Task.FromResult(CheckResult.Fail(Name, $"{_path} is missing; plug in {_what}, check it is enabled on the host, and pass the device to the container (createOptions HostConfig.Devices)."));
        }

        try
        {
            using var stream = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1, FileOptions.None);
            return Task.FromResult(CheckResult.Ok(Name, $"{_path} is present and readable."));
        }
        catch (UnauthorizedAccessException)
        {
            return Task.FromResult(CheckResult.Fail(Name, $"{_path} exists but this user may not read it; add the user to the device's group (video, gpio) or the group to the container (GroupAdd)."));
        }
        catch (IOException ex)
        {
            return Task.FromResult(CheckResult.Fail(Name, $"{_path} exists but does not open ({ex.Message}); another process may hold {_what}, or its driver failed: see dmesg."));
        }
    }
}
