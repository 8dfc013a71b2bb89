using EdgeCam.Hardware.LightSensors;
using EdgeCam.Testing.Hardware;

namespace EdgeCam.Hardware.Tests.LightSensors;

public sealed class Veml7700Tests
{
    [Fact]
    public void TryReadIlluminance_Count1000_Gain1And100ms_Is57Point6Lux()
    {
        var device = new SimulatedI2cDevice(Veml7700.DefaultAddress);
        device.SetRegister(0x00, 0xFF, 0xFF);
        device.SetRegister(0x04, 0xE8, 0x03);
        using var sensor = new Veml7700(device);

        var ok = sensor.TryReadIlluminance(out var lux);

        Assert.True(ok);
        Assert.Equal(new byte[] { 0x00, 0x00 }, device.GetRegister(0x00, 2));
        Assert.Equal(57.6, lux, 6);
    }

    [Fact]
    public void TryReadIlluminance_SensorErrors_FalseNamingModelAndAddress()
    {
        var device = new SimulatedI2cDevice(Veml7700.DefaultAddress) { Fail = "No such device or address" };
        using var sensor = new Veml7700(device);

        var ok = sensor.TryReadIlluminance(out var lux);

        Assert.False(ok);
        Assert.Equal(0, lux);
        Assert.Equal("VEML7700 at 0x10: No such device or address", sensor.LastError);
    }

    [Fact]
    public void Create_NoneModel_ReturnsNull()
    {
        var sensor = LightSensorFactory.Create(LightSensorModel.None, 1, 0);

        Assert.Null(sensor);
    }

    [Fact]
    public void Create_MissingBus_ThrowsIOExceptionNamingIt()
    {
        var ex = Assert.Throws<IOException>(() => LightSensorFactory.Create(LightSensorModel.Bh1750, 97, 0x23));

        Assert.Contains("/dev/i2c-97", ex.Message, StringComparison.Ordinal);
    }
}
