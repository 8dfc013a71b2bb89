using EdgeCam.Hardware.LightSensors;
using EdgeCam.Testing.Hardware;

namespace EdgeCam.Hardware.Tests.LightSensors;

/// <summary>The sensors as night vision gets them: BH1750 through Iot.Device.Bindings, VEML7700 through EdgeCam's binding.</summary>
public sealed class LightSensorFactoryTests
{
    [Fact]
    public void Create_Bh1750_BindingStartsContinuousHighResolutionThenReadsLux()
    {
        var device = new SimulatedI2cDevice(0x23) { CommandResult = [0x01, 0x00] };
        using var sensor = LightSensorFactory.Create(LightSensorModel.Bh1750, 1, 0x23, _ => device)!;

        var ok = sensor.TryReadIlluminance(out var lux);

        Assert.True(ok);
        // Power on, reset, measurement time 69 (high bits 010, low bits 00101), then the mode command before each read.
        Assert.Equal([[0x01], [0x07], [0x42], [0x65], [0x10], [0x10]], device.Writes);
        Assert.Equal(256 / 1.2, lux, 1);
    }

    [Fact]
    public void TryReadIlluminance_Bh1750BusError_FalseWithReasonThenRestartsAndRecovers()
    {
        var device = new SimulatedI2cDevice(0x23) { Fail = "Remote I/O error" };
        using var sensor = LightSensorFactory.Create(LightSensorModel.Bh1750, 1, 0x23, _ => device)!;

        var failed = sensor.TryReadIlluminance(out _);
        var reason = sensor.LastError;
        device.Fail = null;
        device.CommandResult = [0x00, 0x0C];
        var starting = sensor.TryReadIlluminance(out _);
        var recovered = sensor.TryReadIlluminance(out var lux);

        Assert.False(failed);
        Assert.Equal("BH1750 at 0x23: Remote I/O error", reason);
        Assert.False(starting);
        Assert.True(recovered);
        Assert.Null(sensor.LastError);
        Assert.Equal(10, lux, 1);
    }

    [Fact]
    public void Create_Veml7700_ReadsLuxFromAlsRegister()
    {
        var device = new SimulatedI2cDevice(0x10, registerWidth: 2);
        device.SetRegister(0x04, 0xE8, 0x03);
        using var sensor = LightSensorFactory.Create(LightSensorModel.Veml7700, 1, LightSensorFactory.DefaultAddress(LightSensorModel.Veml7700), _ => device)!;

        var ok = sensor.TryReadIlluminance(out var lux);

        Assert.True(ok);
        Assert.Equal("VEML7700", sensor.Model);
        Assert.Equal(57.6, lux, 6);
    }

    [Fact]
    public void TryReadIlluminance_Veml7700Errors_FalseNamingModelAndAddress()
    {
        var device = new SimulatedI2cDevice(0x10, registerWidth: 2) { Fail = "No such device or address" };
        using var sensor = LightSensorFactory.Create(LightSensorModel.Veml7700, 1, 0x10, _ => device)!;

        var ok = sensor.TryReadIlluminance(out var lux);

        Assert.False(ok);
        Assert.Equal(0, lux);
        Assert.Equal("VEML7700 at 0x10: No such device or address", sensor.LastError);
    }

    [Fact]
    public void Dispose_Sensor_DisposesItsDevice()
    {
        var device = new SimulatedI2cDevice(0x5C);

        LightSensorFactory.Create(LightSensorModel.Bh1750, 1, 0x5C, _ => device)!.Dispose();

        Assert.True(device.IsDisposed);
    }

    [Fact]
    public void Create_NoneModel_ReturnsNull()
    {
        var sensor = LightSensorFactory.Create(LightSensorModel.None, 1, 0);

        Assert.Null(sensor);
    }

    [Fact]
    public void Create_MissingBus_ThrowsTheLibrarysIOExceptionNamingIt()
    {
        var ex = Assert.Throws<IOException>(() => LightSensorFactory.Create(LightSensorModel.Bh1750, 97, 0x23));

        Assert.Contains("/dev/i2c-97", ex.Message, StringComparison.Ordinal);
    }
}
