using EdgeCam.Hardware.LightSensors;
using EdgeCam.Testing.Hardware;

namespace EdgeCam.Hardware.Tests.LightSensors;

public sealed class Bh1750Tests
{
    [Fact]
    public void TryReadIlluminance_FirstRead_PowersOnThenContinuousHighResolution()
    {
        var device = new SimulatedI2cDevice(Bh1750.DefaultAddress) { CommandResult = [0x01, 0x00] };
        using var sensor = new Bh1750(device);

        var ok = sensor.TryReadIlluminance(out var lux);

        Assert.True(ok);
        Assert.Equal([[0x01], [0x10]], device.Writes);
        Assert.Equal(256 / 1.2, lux, 6);
    }

    [Fact]
    public void TryReadIlluminance_BusError_FalseWithReasonThenRecovers()
    {
        var device = new SimulatedI2cDevice(Bh1750.DefaultAddress) { Fail = "Remote I/O error" };
        using var sensor = new Bh1750(device);

        var failed = sensor.TryReadIlluminance(out _);
        var reason = sensor.LastError;
        device.Fail = null;
        device.CommandResult = [0x00, 0x0C];
        var recovered = sensor.TryReadIlluminance(out var lux);

        Assert.False(failed);
        Assert.Equal("BH1750 at 0x23: Remote I/O error", reason);
        Assert.True(recovered);
        Assert.Null(sensor.LastError);
        Assert.Equal(10, lux, 6);
        Assert.Equal([[0x01], [0x10]], device.Writes);
    }

    [Fact]
    public void Dispose_Sensor_DisposesItsDevice()
    {
        var device = new SimulatedI2cDevice(0x5C);

        new Bh1750(device).Dispose();

        Assert.True(device.IsDisposed);
    }
}
