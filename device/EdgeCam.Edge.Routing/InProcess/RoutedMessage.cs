using EdgeCam.Edge.Messaging;
using EdgeCam.Edge.Routing;

namespace EdgeCam.Edge.InProcess;

/// <summary>One message a module sent, as the hub routed it (seen through <see cref="InProcessHub.MessageRouted"/>).</summary>
/// <param name="FromModuleId">The sending module.</param>
/// <param name="OutputName">The output it was sent on.</param>
/// <param name="Message">The message as delivered (message id, connection module id and output name set).</param>
/// <param name="Sinks">Every sink it went to, each once; empty when no route took it.</param>
/// <param name="RoutedAt">When the hub routed it.</param>
public sealed record RoutedMessage(
    string FromModuleId,
    string OutputName,
    ModuleMessage Message,
    IReadOnlyList<RouteSink> Sinks,
    DateTimeOffset RoutedAt);
