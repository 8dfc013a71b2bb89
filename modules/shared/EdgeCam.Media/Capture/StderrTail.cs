namespace EdgeCam.Media.Capture;

/// <summary>
/// Keeps the last lines a process wrote to stderr, so that an exit can be explained without logging every line.
/// Thread-safe: one writer (the drain task), any readers.
/// </summary>
public sealed class StderrTail
{
    private const int MaxLineLength = 400;
    private readonly Queue<string> _lines = new();
    private readonly int _capacity;
    private readonly Lock _gate = new();

    /// <summary>Keeps at most <paramref name="capacity"/> lines.</summary>
    public StderrTail(int capacity = 20)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _capacity = capacity;
    }

    /// <summary>Adds a line (blank lines are ignored, long ones truncated).</summary>
    public void Add(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var trimmed = line.Trim();
        if (trimmed.Length == 0)
        {
            return;
        }

        if (trimmed.Length > MaxLineLength)
        {
            trimmed = trimmed[..MaxLineLength] + "…";
        }

        lock (_gate)
        {
            if (_lines.Count == _capacity)
            {
                _lines.Dequeue();
            }

            _lines.Enqueue(trimmed);
        }
    }

    /// <summary>The kept lines, oldest first.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_gate)
            {
                return [.. _lines];
            }
        }
    }

    /// <summary>The last line, or null when nothing was written.</summary>
    public string? LastLine
    {
        get
        {
            lock (_gate)
            {
                return _lines.Count == 0 ? null : _lines.Last();
            }
        }
    }

    /// <summary>The last <paramref name="count"/> lines joined with " | ".</summary>
    public string Summary(int count = 3) => string.Join(" | ", Lines.TakeLast(count));
}
