using EdgeCam.Edge.Messaging;

namespace EdgeCam.Edge.Routing;

/// <summary>What a route sees of a message: who sent it, on which output, and the message itself.</summary>
/// <param name="ModuleId">The sending module (<c>$connectionModuleId</c>).</param>
/// <param name="OutputName">The output the module sent it on.</param>
/// <param name="Message">The message with its system and application properties.</param>
/// <param name="DeviceId">The edge device id (<c>$connectionDeviceId</c>), when known.</param>
public sealed record RouteMessageContext(string ModuleId, string OutputName, ModuleMessage Message, string? DeviceId = null);
