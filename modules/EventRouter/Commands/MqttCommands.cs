using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeCam.EventRouter.LocalMqtt;
using Microsoft.Extensions.Logging;

namespace EdgeCam.EventRouter.Commands;

/// <summary>
/// The MQTT command topics: <c>&lt;prefix&gt;/&lt;device&gt;/&lt;camera&gt;/trigger/set</c> (payload: the seconds to keep,
/// <c>30</c>, or the trigger method's JSON without <c>cameraId</c>: the camera is the topic's level) and
/// <c>&lt;prefix&gt;/&lt;device&gt;/mode/set</c> (payload <c>home</c>/<c>away</c>, or <c>{"mode": …}</c>), handed to
/// <see cref="CommandHandler"/> with source <c>mqtt</c>. A message that is not a command is dropped with one line naming
/// its topic and what was wrong (an MQTT sender gets no answer). <c>armed/set</c> stays reserved: arming is the twin's.
/// </summary>
public sealed partial class MqttCommands : ILocalMqttSubscriber
{
    private const int ShownPayloadLength = 60;

    private readonly CommandHandler _handler;
    private readonly ILogger _logger;

    public MqttCommands(CommandHandler handler, ILogger<MqttCommands> logger)
    {
        _handler = handler;
        _logger = logger;
    }

    /// <inheritdoc />
    public IReadOnlyList<string> Filters(TopicLayout topics)
    {
        ArgumentNullException.ThrowIfNull(topics);
        return [topics.TriggerCommands, topics.ModeCommand];
    }

    /// <inheritdoc />
    public async Task OnMessageAsync(TopicLayout topics, LocalMqttMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (Read(topics, message) is not { } read)
        {
            return;
        }

        if (read.Command is null)
        {
            LogDropped(message.Topic, read.Problem!);
            return;
        }

        var result = await _handler.HandleAsync(read.Command, CommandHandler.MqttSource, cancellationToken);
        if (result.Status != 200)
        {
            LogDropped(message.Topic, (string?)result.Body["error"] ?? $"status {result.Status}");
        }
    }

    /// <summary>The command of <paramref name="message"/>, or the problem; null when its topic is not a command topic of <paramref name="topics"/>.</summary>
    public static (RouterCommand? Command, string? Problem)? Read(TopicLayout topics, LocalMqttMessage message)
    {
        ArgumentNullException.ThrowIfNull(topics);
        ArgumentNullException.ThrowIfNull(message);
        var payload = Encoding.UTF8.GetString(message.Payload.Span).Trim();
        if (message.Topic == topics.ModeCommand)
        {
            // A retained mode is welcome: it restores the owner's mode at every reconnect.
            return CommandParser.Parse(CommandParser.SetMode, payload.StartsWith('{') ? payload : new JsonObject { ["mode"] = payload }.ToJsonString());
        }

        if (topics.TriggerCommandCamera(message.Topic) is not { } camera)
        {
            return null;
        }

        if (message.Retained)
        {
            return (null, "a retained trigger is not carried out (it would record again at every reconnect): publish it without the retain flag");
        }

        if (double.TryParse(payload, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            return CommandParser.Parse(CommandParser.Trigger, new JsonObject { ["cameraId"] = camera, ["seconds"] = seconds }.ToJsonString());
        }

        if (!payload.StartsWith('{'))
        {
            return (null, $"the payload must be the seconds to keep (30) or a JSON object {{\"seconds\": 30, …}}, got '{Shown(payload)}'");
        }

        JsonObject json;
        try
        {
            json = JsonNode.Parse(payload) as JsonObject ?? throw new JsonException("not an object");
        }
        catch (JsonException ex)
        {
            return (null, $"the payload is not a JSON object: {ex.Message}");
        }

        if (json["cameraId"] is { } named && (named.GetValueKind() != JsonValueKind.String || named.GetValue<string>() != camera))
        {
            return (null, $"cameraId {named.ToJsonString()} differs from the topic's camera '{camera}' (leave it out)");
        }

        json["cameraId"] = camera;
        return CommandParser.Parse(CommandParser.Trigger, json.ToJsonString());
    }

    private static string Shown(string payload) => payload.Length <= ShownPayloadLength ? payload : payload[..ShownPayloadLength] + "…";

    [LoggerMessage(32, LogLevel.Warning, "MQTT command on {Topic} dropped: {Problem}")]
    private partial void LogDropped(string topic, string problem);
}
