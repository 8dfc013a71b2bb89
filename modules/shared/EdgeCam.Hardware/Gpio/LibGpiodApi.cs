namespace EdgeCam.Hardware.Gpio;

/// <summary>Which libgpiod API the machine has, and so which System.Device.Gpio driver can talk to it.</summary>
public enum LibGpiodApi
{
    /// <summary>Neither <c>libgpiod.so.3</c> nor <c>libgpiod.so.2</c> loads: no libgpiod is installed.</summary>
    None,

    /// <summary>
    /// libgpiod 1.x, soname <c>libgpiod.so.2</c> (Debian 12 / Raspberry Pi OS bookworm package <c>libgpiod2</c>, 1.6.3):
    /// <see cref="System.Device.Gpio.Drivers.LibGpiodDriver"/>.
    /// </summary>
    V1,

    /// <summary>
    /// libgpiod 2.x, soname <c>libgpiod.so.3</c> (Debian 13 / Raspberry Pi OS trixie package <c>libgpiod3</c>):
    /// <see cref="System.Device.Gpio.Drivers.LibGpiodV2Driver"/>.
    /// </summary>
    V2,
}
