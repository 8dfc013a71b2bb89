using System.Text;
using EdgeCam.Contracts;
using EdgeCam.Edge.InProcess;
using EdgeCam.Edge.Messaging;

namespace EdgeCam.Agent.Upstream;

/// <summary>
/// Where <c>$upstream</c> goes when the agent has no IoT Hub identity: each message is printed as one console line and
/// appended as one JSON line to a file (alerts.jsonl), flushed before the call returns so a crash loses nothing written.
/// </summary>
public sealed class LocalAlertLog : IUpstreamSink, IDisposable
{
    private static readonly ReadOnlyMemory<byte> NewLine = "\n"u8.ToArray();

    private readonly TextWriter _console;
    private readonly FileStream _file;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public LocalAlertLog(string path, TextWriter console)
    {
        Path = path;
        _console = console;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        _file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
    }

    /// <summary>The JSON-lines file.</summary>
    public string Path { get; }

    /// <summary>Writes one upstream message.</summary>
    public async Task SendAsync(string fromModuleId, ModuleMessage message, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await _file.WriteAsync(message.Body, cancellationToken);
            await _file.WriteAsync(NewLine, cancellationToken);
            await _file.FlushAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }

        var type = message.MessageType() ?? "message";
        await _console.WriteLineAsync(new StringBuilder()
            .Append("[upstream] ").Append(type).Append(" from ").Append(fromModuleId)
            .Append(" (mid ").Append(message.MessageId ?? "-").Append("): ").Append(message.BodyText), cancellationToken);
    }

    public void Dispose()
    {
        _file.Dispose();
        _gate.Dispose();
    }
}
