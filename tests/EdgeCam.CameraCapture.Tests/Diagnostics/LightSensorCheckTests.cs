using System.Device.I2c;
using EdgeCam.CameraCapture.Diagnostics;
using EdgeCam.CameraCapture.NightVision;
using EdgeCam.Edge.Diagnostics;
using EdgeCam.Hardware.LightSensors;
using EdgeCam.Testing;
using EdgeCam.Testing.Hardware;

namespace EdgeCam.CameraCapture.Tests.Diagnostics;

/// <summary>
/// Through System.Device.I2c's own seam (a simulated device behind the real bindings); what only a Pi shows is the
/// kernel's answer for an address nobody acknowledges (an IOException from the i2c-dev driver, as the simulator throws).
/// </summary>
[Trait("Category", "Unit")]
public sealed class LightSensorCheckTests : IDisposable
{
    private readonly TempDirectory _dev = new("doctor-dev");

    public void Dispose() => _dev.Dispose();

    [Fact]
    public async Task RunAsync_Bh1750Answers_OkWithTheLuxItRead()
    {
        File.WriteAllText(_dev.Combine("i2c-1"), "");
        I2cConnectionSettings? asked = null;
        var device = new SimulatedI2cDevice(0x23) { CommandResult = [0x01, 0x2C] }; // 300 counts / 1.2 = 250 lx
        var hardware = new NightVisionHardware { Sensor = LightSensorModel.Bh1750, SensorBus = 1, SensorAddress = 0x23 };

        var result = await new LightSensorCheck(hardware, _dev.Path, s => { asked = s; return device; }).RunAsync(CancellationToken.None);

        Assert.Equal(new CheckResult("light-sensor", CheckStatus.Ok, $"BH1750 answers at 0x23 on {_dev.Combine("i2c-1")}: 250 lx."), result);
        Assert.Equal((1, 0x23), (asked!.BusId, asked.DeviceAddress));
        Assert.True(device.IsDisposed);
    }

    [Fact]
    public async Task RunAsync_SensorDoesNotAnswer_FailsNamingModelAddressNodeAndWhatToCheck()
    {
        File.WriteAllText(_dev.Combine("i2c-1"), "");
        var device = new SimulatedI2cDevice(0x10, registerWidth: 2) { Fail = "Error 121 performing I2C data transfer." };
        var hardware = new NightVisionHardware { Sensor = LightSensorModel.Veml7700, SensorBus = 1 };

        var result = await new LightSensorCheck(hardware, _dev.Path, _ => device).RunAsync(CancellationToken.None);

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.StartsWith($"VEML7700 at 0x10: Error 121 performing I2C data transfer. on {_dev.Combine("i2c-1")}; the sensor does not answer", result.Line, StringComparison.Ordinal);
        Assert.Contains("i2cdetect -y 1", result.Line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_BusNodeMissing_FailsSayingEnableI2cAndMapTheDevice()
    {
        var hardware = new NightVisionHardware { Sensor = LightSensorModel.Bh1750, SensorBus = 3 };

        var result = await new LightSensorCheck(hardware, _dev.Path, _ => throw new InvalidOperationException("no device should be opened")).RunAsync(CancellationToken.None);

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.StartsWith($"{_dev.Combine("i2c-3")} is missing; enable I2C on the host", result.Line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_NoSensorConfigured_OkSayingFrameBrightnessIsUsed()
    {
        var result = await new LightSensorCheck(new NightVisionHardware(), _dev.Path).RunAsync(CancellationToken.None);

        Assert.Equal(CheckStatus.Ok, result.Status);
        Assert.Contains("frame brightness", result.Line, StringComparison.Ordinal);
    }
}
