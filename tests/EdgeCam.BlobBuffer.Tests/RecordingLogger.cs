using Microsoft.Extensions.Logging;

namespace EdgeCam.BlobBuffer.Tests;

/// <summary>Keeps every log entry so a test can check what was said (and how often).</summary>
internal sealed class RecordingLogger<T> : ILogger<T>
{
    public List<(LogLevel Level, string Message)> Entries { get; } = [];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (Entries)
        {
            Entries.Add((logLevel, formatter(state, exception)));
        }
    }

    public List<string> At(LogLevel level)
    {
        lock (Entries)
        {
            return Entries.Where(e => e.Level == level).Select(e => e.Message).ToList();
        }
    }
}
