using EdgeCam.Edge.Messaging;

namespace EdgeCam.EventRouter.Commands;

/// <summary>
/// The direct methods <c>trigger</c> and <c>setMode</c>: each payload is a command (<see cref="CommandParser"/>) handled by
/// <see cref="CommandHandler"/>; the answer is its status and JSON (<c>{"error": …}</c> on a 400).
/// </summary>
public static class CommandMethods
{
    /// <summary>Registers both methods on <paramref name="client"/>.</summary>
    public static void Register(IModuleClient client, CommandHandler commands)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(commands);
        foreach (var name in new[] { CommandParser.Trigger, CommandParser.SetMode })
        {
            client.SetMethodHandler(name, async (request, ct) =>
            {
                var result = await commands.HandleAsync(name, request.PayloadText, CommandHandler.MethodSource, ct);
                return MethodResponse.Json(result.Status, result.Body.ToJsonString());
            });
        }
    }
}
