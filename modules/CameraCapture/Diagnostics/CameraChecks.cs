using System.Device.Gpio;
using System.Device.I2c;
using EdgeCam.Edge.Diagnostics;

namespace EdgeCam.CameraCapture.Diagnostics;

/// <summary>
/// The <c>doctor</c> checks for CameraCapture: the camera device node, a GPIO chip, and the night vision of its settings
/// (the settings fit together; the IR lines exist and are free; the light sensor answers). They live here, not in
/// EdgeCam.Edge's Diagnostics, because they need EdgeCam.Hardware and the night-vision settings, and EdgeCam.Edge may
/// reference nothing but EdgeCam.Contracts; the agent hosts CameraCapture, so its doctor uses them too.
/// </summary>
public static class CameraChecks
{
    /// <summary>The camera checked when <c>doctor</c> is given none.</summary>
    public const string DefaultCameraDevice = "/dev/video0";

    /// <summary>The doctor option naming a file with CameraCapture's desired properties.</summary>
    public const string SettingsOption = "--settings";

    /// <summary>
    /// Checks for <c>doctor [device] [--settings file]</c>: the camera (the argument when it is a <c>/dev/</c> path, else
    /// <see cref="DefaultCameraDevice"/>), a GPIO chip under <paramref name="devRoot"/>, and <see cref="NightVision"/>
    /// for the settings in the file (without one, a warning says how to give it).
    /// </summary>
    public static IReadOnlyList<IDeviceCheck> For(IReadOnlyList<string> doctorArguments, string devRoot = "/dev")
    {
        ArgumentNullException.ThrowIfNull(doctorArguments);
        var camera = doctorArguments.FirstOrDefault(a => a.StartsWith("/dev/", StringComparison.Ordinal)) ?? DefaultCameraDevice;
        var option = doctorArguments.ToList().IndexOf(SettingsOption);
        NightVisionConfiguration? configuration = option < 0 ? null
            : option + 1 < doctorArguments.Count ? NightVisionConfiguration.FromFile(doctorArguments[option + 1])
            : new NightVisionConfiguration(SettingsOption, [], null, $"{SettingsOption} needs a file: CameraCapture's desired properties, or its module twin, as JSON.");
        return [new DeviceNodeCheck("camera", camera, "the camera"), new GpioChipCheck(devRoot), .. NightVision(configuration, devRoot)];
    }

    /// <summary>
    /// The night-vision checks: <see cref="NightVisionConfigurationCheck"/>, then, when the settings parse,
    /// <see cref="GpioLinesCheck"/> and <see cref="LightSensorCheck"/> on them.
    /// </summary>
    /// <param name="configuration">The settings; null when none were given.</param>
    /// <param name="devRoot">Where device nodes are.</param>
    /// <param name="openController">Opens a GPIO chip (null: libgpiod through EdgeCam.Hardware).</param>
    /// <param name="createDevice">Opens an I2C device (null: <see cref="I2cDevice.Create"/>).</param>
    public static IReadOnlyList<IDeviceCheck> NightVision(
        NightVisionConfiguration? configuration,
        string devRoot = "/dev",
        Func<string, GpioController>? openController = null,
        Func<I2cConnectionSettings, I2cDevice>? createDevice = null)
    {
        var checks = new List<IDeviceCheck> { new NightVisionConfigurationCheck(configuration) };
        if (configuration?.Settings is { } settings)
        {
            checks.Add(new GpioLinesCheck(settings.Hardware, openController));
            checks.Add(new LightSensorCheck(settings.Hardware, devRoot, createDevice));
        }

        return checks;
    }
}
