using EdgeCam.Edge.Diagnostics;

namespace EdgeCam.CameraCapture.Diagnostics;

/// <summary>The <c>doctor</c> checks for CameraCapture: the camera device node and a GPIO chip (PIR, IR-cut).</summary>
public static class CameraChecks
{
    /// <summary>The camera checked when <c>doctor</c> is given none.</summary>
    public const string DefaultCameraDevice = "/dev/video0";

    /// <summary>
    /// Checks for <c>doctor [device]</c>: the camera (the argument when it is a <c>/dev/</c> path, else <see cref="DefaultCameraDevice"/>)
    /// and a GPIO chip under <paramref name="devRoot"/>.
    /// </summary>
    public static IReadOnlyList<IDeviceCheck> For(IReadOnlyList<string> doctorArguments, string devRoot = "/dev")
    {
        ArgumentNullException.ThrowIfNull(doctorArguments);
        var camera = doctorArguments.FirstOrDefault(a => a.StartsWith("/dev/", StringComparison.Ordinal)) ?? DefaultCameraDevice;
        return [new DeviceNodeCheck("camera", camera, "the camera"), new GpioChipCheck(devRoot)];
    }
}
