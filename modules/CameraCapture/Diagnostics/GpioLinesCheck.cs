using System.Device.Gpio;
using EdgeCam.CameraCapture.NightVision;
using EdgeCam.Edge.Diagnostics;
using EdgeCam.Hardware.Gpio;
using EdgeCam.Hardware.IrControl;

namespace EdgeCam.CameraCapture.Diagnostics;

/// <summary>
/// Checks the IR-cut and IR LED lines of the night-vision settings: the chip opens (<see cref="GpioChipOpener"/>,
/// libgpiod v1 or v2), each line offset exists on it, and each can be requested, i.e. no other consumer holds it. The
/// lines are requested exactly as night vision requests them (<see cref="IrCutFilter"/>, <see cref="IrIlluminator"/>:
/// outputs at the start state, filter in and LEDs off, with the configured polarity) and released at once; libgpiod
/// cannot tell whether a line is free without requesting it. While CameraCapture or the agent runs, it holds the lines
/// itself, so this check fails with that said: stop it first.
/// </summary>
public sealed class GpioLinesCheck : IDeviceCheck
{
    private readonly NightVisionHardware _hardware;
    private readonly Func<string, GpioController> _openController;

    /// <param name="hardware">The wiring from the night-vision settings.</param>
    /// <param name="openController">Opens the chip (null: <see cref="GpioChipOpener.OpenController"/>); tests pass a controller on a fake driver.</param>
    public GpioLinesCheck(NightVisionHardware hardware, Func<string, GpioController>? openController = null)
    {
        ArgumentNullException.ThrowIfNull(hardware);
        _hardware = hardware;
        _openController = openController ?? (chip => new GpioChipOpener().OpenController(chip));
    }

    /// <inheritdoc />
    public string Name => "gpio-lines";

    /// <inheritdoc />
    public Task<CheckResult> RunAsync(CancellationToken cancellationToken) => Task.FromResult(Check());

    private CheckResult Check()
    {
        var h = _hardware;
        var lines = new List<(string Setting, string Part, int Line, Func<GpioController, IDisposable> Request)>();
        if (h.IrCutLine >= 0)
        {
            lines.Add(("irCutLine", "IR-cut filter", h.IrCutLine, c => new IrCutFilter(h.IrCutLine, c, shouldDispose: false, h.IrCutActiveLow)));
        }

        if (h.IrLedLine >= 0)
        {
            lines.Add(("irLedLine", "IR LEDs", h.IrLedLine, c => new IrIlluminator(h.IrLedLine, c, shouldDispose: false, h.IrLedActiveLow)));
        }

        if (lines.Count == 0 || h.GpioChip.Length == 0)
        {
            return CheckResult.Ok(Name, "no IR-cut or IR LED line configured (nightVision.gpioChip, irCutLine, irLedLine); nothing to check.");
        }

        GpioController controller;
        try
        {
            controller = _openController(h.GpioChip);
        }
        catch (IOException ex)
        {
            return CheckResult.Fail(Name, ex.Message);
        }

        using (controller)
        {
            var count = controller.PinCount;
            foreach (var (setting, part, line, request) in lines)
            {
                if (line >= count)
                {
                    return CheckResult.Fail(Name, $"nightVision.{setting} is {line}, but {h.GpioChip} has lines 0-{count - 1}; set the BCM GPIO number the {part} is wired to (EdgeCam's wiring: IR-cut 26, IR LEDs 19), or check gpioChip.");
                }

                try
                {
                    request(controller).Dispose();
                }
                catch (IOException ex)
                {
                    return CheckResult.Fail(Name, $"line {line} ({part}) on {h.GpioChip} cannot be requested ({ex.Message}): another consumer holds it; if CameraCapture or edgecam-agent runs, that is the holder (stop it, then run doctor), else find it with gpioinfo and free the line.");
                }
            }

            var found = string.Join(" and ", lines.Select(l => $"line {l.Line} ({l.Part})"));
            return CheckResult.Ok(Name, $"{found} exist on {h.GpioChip} ({count} lines) and are free.");
        }
    }
}
