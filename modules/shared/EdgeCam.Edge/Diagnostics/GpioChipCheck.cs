namespace EdgeCam.Edge.Diagnostics;

/// <summary>Checks a GPIO character device (<c>/dev/gpiochipN</c>) is there: the PIR and IR-cut lines need one.</summary>
public sealed class GpioChipCheck : IDeviceCheck
{
    private readonly string _devRoot;

    /// <param name="devRoot">The directory holding device nodes (<c>/dev</c>; a temporary directory in tests).</param>
    public GpioChipCheck(string devRoot = "/dev")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(devRoot);
        _devRoot = devRoot;
    }

    /// <inheritdoc />
    public string Name => "gpio";

    /// <inheritdoc />
    public Task<CheckResult> RunAsync(CancellationToken cancellationToken)
    {
        var chips = Directory.Exists(_devRoot)
            ? Directory.GetFiles(_devRoot, "gpiochip*").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()
            : [];
        return Task.FromResult(chips.Length == 0
            ? CheckResult.Fail(Name, $"no gpiochip in {_devRoot}; pass /dev/gpiochip0 to the container (HostConfig.Devices) or, off a Pi, disable the GPIO inputs.")
            : CheckResult.Ok(Name, $"{string.Join(", ", chips)} in {_devRoot}."));
    }
}
