// Usage: EdgeCam.Agent.OutboxProbe <outbox directory>
// Enqueues numbered messages into the agent's outbox forever and prints "<n> <mid>" once each is accepted (on disk),
// so the test knows exactly what was acknowledged to the sender before it kills this process.
using System.Globalization;
using System.Text;
using EdgeCam.Agent.Outbox;
using EdgeCam.Edge.Messaging;
using Microsoft.Extensions.Logging.Abstractions;

var outbox = Outbox.Open(new OutboxOptions(args[0]), NullLogger<Outbox>.Instance);
for (long n = 0; ; n++)
{
    var body = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $$"""{"n":{{n}}}"""));
    var mid = await outbox.EnqueueAsync("EventRouter", new ModuleMessage(body) { ContentType = "application/json" }, CancellationToken.None);
    Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{n} {mid}"));
}
