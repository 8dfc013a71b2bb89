using System.Globalization;
using System.Text.Json.Nodes;

namespace EdgeCam.Agent.LocalBroker;

/// <summary>
/// Which local MQTT broker the agent's EventRouter uses, from EDGECAM_MQTT_BROKER: unset or <c>embedded</c> (the
/// default: an embedded broker on 127.0.0.1:1883, so a laptop needs nothing), <c>embedded:&lt;port&gt;</c>,
/// <c>&lt;host&gt;:&lt;port&gt;</c> (the user's Mosquitto, for example Home Assistant's), or <c>none</c> (the twin's
/// <c>mqtt</c> section decides alone).
/// </summary>
/// <param name="Embedded">Run the embedded broker.</param>
/// <param name="Host">The broker EventRouter connects to, or null for <c>none</c>.</param>
/// <param name="Port">Its port.</param>
public sealed record LocalBrokerChoice(bool Embedded, string? Host, int Port)
{
    /// <summary>The environment variable.</summary>
    public const string Variable = "EDGECAM_MQTT_BROKER";

    /// <summary>The standard MQTT port, the embedded broker's default.</summary>
    public const int DefaultPort = 1883;

    /// <summary>No broker from the agent: the twin decides.</summary>
    public static LocalBrokerChoice None { get; } = new(false, null, 0);

    /// <summary>Parses <paramref name="value"/> (the variable's value; null or empty means embedded).</summary>
    /// <exception cref="FormatException">Not one of the forms above; the message names the value.</exception>
    public static LocalBrokerChoice Parse(string? value)
    {
        var text = value?.Trim() ?? string.Empty;
        if (text.Length == 0 || text == "embedded")
        {
            return new LocalBrokerChoice(true, "127.0.0.1", DefaultPort);
        }

        if (text == "none")
        {
            return None;
        }

        var colon = text.LastIndexOf(':');
        if (colon > 0 && int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535)
        {
            var host = text[..colon];
            return host == "embedded" ? new LocalBrokerChoice(true, "127.0.0.1", port) : new LocalBrokerChoice(false, host, port);
        }

        throw new FormatException($"{Variable}='{value}' is not 'embedded', 'embedded:<port>', '<host>:<port>' or 'none'");
    }

    /// <summary>The EventRouter desired patch that points its <c>mqtt</c> section at this broker, or null for <c>none</c>.</summary>
    public JsonObject? EventRouterPatch() => Host is null
        ? null
        : new JsonObject { ["mqtt"] = new JsonObject { ["enabled"] = true, ["host"] = Host, ["port"] = Port } };
}
