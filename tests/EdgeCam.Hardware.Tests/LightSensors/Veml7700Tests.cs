using EdgeCam.Hardware.LightSensors;
using EdgeCam.Testing.Hardware;

namespace EdgeCam.Hardware.Tests.LightSensors;

public sealed class Veml7700Tests
{
    [Fact]
    public void Constructor_Defaults_WritesGain1And100msPoweredOnLowByteFirst()
    {
        var device = new SimulatedI2cDevice(Veml7700.DefaultI2cAddress, registerWidth: 2);
        device.SetRegister(0x00, 0xFF, 0xFF);

        using var sensor = new Veml7700(device);

        Assert.Equal([[0x00, 0x00, 0x00]], device.Writes);
        Assert.Equal(new byte[] { 0x00, 0x00 }, device.GetRegister(0x00));
    }

    [Fact]
    public void ReadIlluminance_Count1000AtGain1And100ms_Is57Point6Lux()
    {
        var device = new SimulatedI2cDevice(Veml7700.DefaultI2cAddress, registerWidth: 2);
        device.SetRegister(0x04, 0xE8, 0x03);
        using var sensor = new Veml7700(device);

        var lux = sensor.ReadIlluminance().Lux;

        Assert.Equal(1000, sensor.ReadAmbientLightCount());
        Assert.Equal(57.6, lux, 6);
    }

    [Fact]
    public void Constructor_Gain2And800ms_ConfigurationBitsAndFinestResolution()
    {
        var device = new SimulatedI2cDevice(Veml7700.DefaultI2cAddress, registerWidth: 2);

        using var sensor = new Veml7700(device, Veml7700Gain.Two, Veml7700IntegrationTime.Milliseconds800);

        // Gain bits 12:11 = 01, integration time bits 9:6 = 0011: 0x0800 | 0x00C0.
        Assert.Equal(new byte[] { 0xC0, 0x08 }, device.GetRegister(0x00));
        Assert.Equal(0.0036, sensor.Resolution, 9);
    }

    [Fact]
    public void Resolution_GainQuarterAnd25ms_CoarsestSetting()
    {
        using var sensor = new Veml7700(new SimulatedI2cDevice(0x10, registerWidth: 2), Veml7700Gain.OneEighth, Veml7700IntegrationTime.Milliseconds25);

        Assert.Equal(0.0036 * 16 * 32, sensor.Resolution, 9);
    }

    [Fact]
    public void Dispose_Sensor_DisposesItsDevice()
    {
        var device = new SimulatedI2cDevice(0x10, registerWidth: 2);

        new Veml7700(device).Dispose();

        Assert.True(device.IsDisposed);
    }
}
