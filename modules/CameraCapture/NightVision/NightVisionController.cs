using System.Text.Json.Nodes;
using EdgeCam.CameraCapture.Outputs;
using EdgeCam.Contracts;
using EdgeCam.Contracts.NightVision;
using EdgeCam.Contracts.Serialization;
using EdgeCam.Edge.Messaging;
using Microsoft.Extensions.Logging;

namespace EdgeCam.CameraCapture.NightVision;

/// <summary>
/// Runs night vision for one camera: once a second it reads the light sensor (or takes the latest frame brightness),
/// asks <see cref="NightVisionPolicy"/>, and on a switch drives the hardware, tells the detector to re-learn, sends
/// <see cref="NightVisionChanged"/> on output <c>nightVision</c>, reports <c>nightVision</c> to the twin and logs once.
/// Settings apply live: thresholds and mode at the next sample, a hardware change re-opens the devices (capture goes on).
/// </summary>
internal sealed partial class NightVisionController : IDisposable
{
    public const string OutputName = "nightVision";
    private static readonly TimeSpan SamplePeriod = TimeSpan.FromSeconds(1);

    private readonly IModuleClient _client;
    private readonly OutputSender _output;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Func<NightVisionHardware, NightVisionDevices> _openDevices;
    private readonly Lock _gate = new();
    private NightVisionPolicy _policy;
    private NightVisionDevices _devices = NightVisionDevices.None();
    private NightVisionHardware? _hardware;
    private string _cameraId;
    private string? _hardwareError;
    private string? _sensorError;
    private Action? _relearn;
    private double _brightness = double.NaN;

    public NightVisionController(IModuleClient client, OutputSender output, string cameraId, NightVisionSettings settings, TimeProvider timeProvider, ILogger logger, Func<NightVisionHardware, NightVisionDevices>? openDevices = null)
    {
        _client = client;
        _output = output;
        _cameraId = cameraId;
        _timeProvider = timeProvider;
        _logger = logger;
        _openDevices = openDevices ?? (h => NightVisionDevices.Open(h));
        _policy = new NightVisionPolicy(settings, timeProvider);
        Update(cameraId, settings);
    }

    /// <summary>The mode in force.</summary>
    public NightVisionMode Mode => _policy.Mode;

    /// <summary>Called by the frame loop for every analysis frame (no allocation, no lock).</summary>
    public void ObserveFrame(ReadOnlySpan<byte> pixels) => Volatile.Write(ref _brightness, FrameBrightness.Mean(pixels));

    /// <summary>Who re-learns on a switch: the current session's detector (null between sessions).</summary>
    public void AttachDetector(Action? relearn) => Volatile.Write(ref _relearn, relearn);

    /// <summary>Applies new settings live.</summary>
    public void Update(string cameraId, NightVisionSettings settings)
    {
        lock (_gate)
        {
            _cameraId = cameraId;
            _policy.Update(settings);
            if (settings.Hardware == _hardware)
            {
                return;
            }

            _devices.Dispose();
            _hardware = settings.Hardware;
            try
            {
                _devices = _openDevices(settings.Hardware);
                _hardwareError = null;
            }
            catch (IOException ex)
            {
                // Wrong wiring settings must not stop the camera: run without the hardware and say why (twin + one log).
                _devices = NightVisionDevices.None();
                _hardwareError = ex.Message;
                LogHardwareFailed(cameraId, ex.Message);
            }

            Drive(_policy.Mode);
        }
    }

    /// <summary>Samples once a second until cancelled; reports the initial mode first.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await ReportAsync(null, cancellationToken);
        using var timer = new PeriodicTimer(SamplePeriod, _timeProvider);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            if (Sample() is { } decision)
            {
                await PublishAsync(decision, cancellationToken);
            }
        }
    }

    /// <summary>One sample and decision (public to tests through <see cref="RunAsync"/>'s timer or directly).</summary>
    internal NightVisionDecision? Sample()
    {
        lock (_gate)
        {
            double? lux = null;
            if (_devices.Sensor is { } sensor)
            {
                if (sensor.TryReadIlluminance(out var value))
                {
                    lux = value;
                    SetSensorError(null);
                }
                else
                {
                    SetSensorError(sensor.LastError);
                }
            }

            var brightness = Volatile.Read(ref _brightness);
            var decision = _policy.Evaluate(new LightSample(lux, double.IsNaN(brightness) ? null : Math.Round(brightness, 1)));
            if (decision is not null)
            {
                Drive(decision.Mode);
                Volatile.Read(ref _relearn)?.Invoke();
            }

            return decision;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _devices.Dispose();
        }
    }

    // Order matters. To night: filter out first, then LEDs on, so IR never lights a scene the filter still blocks and
    // the brightness jump of the LEDs comes last, inside the settle time. To day: LEDs off first, then filter in, so the
    // filter never sits in front of a scene lit only by IR (a dark, green-tinted picture).
    private void Drive(NightVisionMode mode)
    {
        try
        {
            if (mode == NightVisionMode.Night)
            {
                _devices.Filter.Remove();
                _devices.Illuminator.TurnOn();
            }
            else
            {
                _devices.Illuminator.TurnOff();
                _devices.Filter.Engage();
            }
        }
        catch (IOException ex)
        {
            _hardwareError = ex.Message;
            LogHardwareFailed(_cameraId, ex.Message);
        }
    }

    private void SetSensorError(string? error)
    {
        if (error != _sensorError && error is not null)
        {
            LogSensorFailed(_cameraId, error);
        }

        _sensorError = error;
    }

    private async Task PublishAsync(NightVisionDecision decision, CancellationToken cancellationToken)
    {
        LogSwitched(_cameraId, decision.Mode, decision.Source, decision.Lux, decision.Brightness);
        var contract = new NightVisionChanged(_cameraId, decision.Mode, decision.Since, decision.Source, decision.Lux, decision.Brightness);
        var message = ContractMessage.Create(contract, ContractsJsonContext.Default.NightVisionChanged, MessageTypes.NightVisionChanged, _cameraId, Guid.NewGuid().ToString("N"));
        await _output.EnqueueAsync(OutputName, message, cancellationToken);
        await ReportAsync(decision, cancellationToken);
    }

    private Task ReportAsync(NightVisionDecision? decision, CancellationToken cancellationToken)
    {
        var patch = new JsonObject
        {
            ["nightVision"] = new JsonObject
            {
                ["mode"] = _policy.Mode == NightVisionMode.Night ? "night" : "day",
                ["since"] = _policy.Since,
                ["source"] = decision?.Source ?? "start",
                ["lux"] = decision?.Lux,
                ["brightness"] = decision?.Brightness,
                ["irLift"] = Math.Round(_policy.IrLift, 1),
                ["dwellSeconds"] = _policy.EffectiveDwell.TotalSeconds,
                ["error"] = _hardwareError ?? _sensorError,
            },
        };
        return _client.UpdateReportedPropertiesAsync(patch, cancellationToken);
    }

    [LoggerMessage(30, LogLevel.Information, "Camera {CameraId}: night vision switched to {Mode} ({Source}; lux {Lux}, brightness {Brightness})")]
    private partial void LogSwitched(string cameraId, NightVisionMode mode, string source, double? lux, double? brightness);

    [LoggerMessage(31, LogLevel.Warning, "Camera {CameraId}: night-vision hardware unavailable, running without it: {Error}")]
    private partial void LogHardwareFailed(string cameraId, string error);

    [LoggerMessage(32, LogLevel.Warning, "Camera {CameraId}: light sensor failed, using frame brightness until it reads again: {Error}")]
    private partial void LogSensorFailed(string cameraId, string error);
}
