using EdgeCam.Edge.Hosting;
using EdgeCam.Edge.Messaging;
using EdgeCam.WebConsole.Health;
using EdgeCam.WebConsole.Settings;
using EdgeCam.WebConsole.Timeline;
using EdgeCam.WebConsole.Web;
using Microsoft.Extensions.Logging;

namespace EdgeCam.WebConsole;

/// <summary>
/// The web console as a module: every module message reaches its <see cref="EventsInput"/> (one route,
/// <c>FROM /messages/modules/*</c>), which keeps the event timeline and the health board; the web server shows them
/// with the live view, the clips on the shared volume and the settings in force.
/// </summary>
public sealed partial class ConsoleModule : IEdgeModule
{
    /// <summary>The input every module message is routed to.</summary>
    public const string EventsInput = "events";

    private readonly ConsoleOptions _options;
    private readonly ITwinView? _twins;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly MessageDispatch _dispatch;

    public ConsoleModule(ConsoleOptions options, ITwinView? twins, TimeProvider time, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggers);
        _options = options;
        _twins = twins;
        _time = time;
        _loggers = loggers;
        _logger = loggers.CreateLogger<ConsoleModule>();
        _dispatch = new MessageDispatch(Timeline, Health);
    }

    /// <summary>The events seen so far.</summary>
    public EventTimeline Timeline { get; } = new();

    /// <summary>The latest health of everything.</summary>
    public HealthBoard Health { get; } = new();

    /// <summary>Where the web server listens, once it does (tests read it when the port was 0).</summary>
    public Task<IReadOnlyList<string>> Listening => _listening.Task;

    private readonly TaskCompletionSource<IReadOnlyList<string>> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task RunAsync(IModuleClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        client.SetInputHandler(EventsInput, (message, _) =>
        {
            if (!_dispatch.Apply(message))
            {
                LogUnreadable(message.MessageType() ?? "untyped", message.ConnectionModuleId ?? "unknown");
            }

            return Task.CompletedTask;
        });
        await client.OpenAsync(cancellationToken);
        await using var server = new ConsoleServer(_options, Timeline, Health, _twins, _time, _loggers);
        try
        {
            await server.StartAsync(cancellationToken);
        }
        catch (ServerCertificateException ex)
        {
            // The console stays off; in the agent the cameras go on recording. One line says which file to fix.
            LogNoCertificate(ex.Message);
            _listening.TrySetException(ex);
            return;
        }

        _listening.TrySetResult(server.Urls);
        await Task.Delay(Timeout.Infinite, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    [LoggerMessage(1, LogLevel.Warning, "Console: a {MessageType} message from {Module} does not parse; skipped")]
    private partial void LogUnreadable(string messageType, string module);

    [LoggerMessage(2, LogLevel.Error, "Console not started: {Problem}")]
    private partial void LogNoCertificate(string problem);
}
