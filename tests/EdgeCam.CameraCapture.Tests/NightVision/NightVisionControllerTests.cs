using System.Device.Gpio;
using System.Text.Json.Nodes;
using EdgeCam.CameraCapture.NightVision;
using EdgeCam.CameraCapture.Outputs;
using EdgeCam.Contracts;
using EdgeCam.Contracts.NightVision;
using EdgeCam.Contracts.Serialization;
using EdgeCam.Edge.InProcess;
using EdgeCam.Testing;
using EdgeCam.Testing.Hardware;
using EdgeCam.Testing.Hub;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeCam.CameraCapture.Tests.NightVision;

public sealed class NightVisionControllerTests
{
    private const int IrCut = 26;
    private const int IrLed = 19;
    private static readonly NightVisionHardware Wiring = new() { GpioChip = "pinctrl-bcm2711", IrCutLine = IrCut, IrLedLine = IrLed };

    [Fact]
    public async Task Sample_DarkThenLight_FilterOutBeforeLedsOnAndLedsOffBeforeFilterIn()
    {
        var gpio = new FakeGpioDriver();
        var time = new ManualTimeProvider();
        await using var hub = TestHub.Create(new Dictionary<string, string>());
        var client = await hub.ClientAsync("CameraCapture");
        await using var output = new OutputSender(client, NullLogger.Instance);
        using var controller = new NightVisionController(client, output, "porch", new NightVisionSettings { Hardware = Wiring }, time, NullLogger.Instance, h => Open(h, gpio));
        var relearned = 0;
        controller.AttachDetector(() => relearned++);

        var night = Run(controller, time, 12, 10);
        var irLit = Run(controller, time, 6, 60); // the LEDs lift the picture by 50: not daylight
        var day = Run(controller, time, 30, 200);

        Assert.Equal(NightVisionMode.Night, Assert.Single(night).Mode);
        Assert.Empty(irLit);
        Assert.Equal(NightVisionMode.Day, Assert.Single(day).Mode);
        Assert.Equal(2, relearned);
        Assert.Equal([(IrCut, true), (IrLed, false), (IrLed, false), (IrCut, true), (IrCut, false), (IrLed, true), (IrLed, false), (IrCut, true)], gpio.Writes);
    }

    [Fact]
    public async Task Update_ChipMissing_RunsWithoutHardwareAndReportsWhy()
    {
        var time = new ManualTimeProvider();
        await using var hub = TestHub.Create(new Dictionary<string, string>());
        var client = await hub.ClientAsync("CameraCapture");
        await using var output = new OutputSender(client, NullLogger.Instance);
        using var controller = new NightVisionController(client, output, "porch", new NightVisionSettings { Hardware = Wiring }, time, NullLogger.Instance,
            h => NightVisionDevices.Open(h, chip => throw new IOException($"GPIO chip '{chip}' not found (libgpiod finds no chip on this machine).")));
        using var stop = new CancellationTokenSource();

        var running = controller.RunAsync(stop.Token);
        var reported = await hub.WaitForReportedAsync("CameraCapture", r => r["nightVision"] is not null, TimeSpan.FromSeconds(10));
        await stop.CancelAsync();

        Assert.Contains("pinctrl-bcm2711", reported["nightVision"]!["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("day", reported["nightVision"]!["mode"]!.GetValue<string>());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
    }

    private static NightVisionDevices Open(NightVisionHardware hardware, FakeGpioDriver gpio) =>
        NightVisionDevices.Open(hardware, _ => new GpioController(gpio), _ => null);

    private static List<NightVisionDecision> Run(NightVisionController controller, ManualTimeProvider time, int seconds, byte luma)
    {
        var frame = Enumerable.Repeat(luma, 320 * 180).ToArray();
        var decisions = new List<NightVisionDecision>();
        for (var i = 0; i < seconds; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            controller.ObserveFrame(frame);
            if (controller.Sample() is { } decision)
            {
                decisions.Add(decision);
            }
        }

        return decisions;
    }
}
