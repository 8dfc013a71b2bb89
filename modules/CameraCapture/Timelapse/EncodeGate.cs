namespace EdgeCam.CameraCapture.Timelapse;

/// <summary>
/// One time-lapse encode at a time per camera: the pass at midnight and start waits its turn (<see cref="EnterAsync"/>),
/// a call on demand is refused instead (<see cref="TryEnter"/>). Nothing to dispose.
/// </summary>
internal sealed class EncodeGate
{
    private readonly Lock _lock = new();
    private bool _held;
    private TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Takes the gate if it is free; false while an encode runs.</summary>
    public bool TryEnter()
    {
        lock (_lock)
        {
            if (_held)
            {
                return false;
            }

            _held = true;
            return true;
        }
    }

    /// <summary>Takes the gate once it is free.</summary>
    public async Task EnterAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task released;
            lock (_lock)
            {
                if (!_held)
                {
                    _held = true;
                    return;
                }

                released = _released.Task;
            }

            await released.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Gives the gate back (taken by <see cref="TryEnter"/> or <see cref="EnterAsync"/>).</summary>
    public void Exit()
    {
        TaskCompletionSource released;
        lock (_lock)
        {
            _held = false;
            released = _released;
            _released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        released.TrySetResult();
    }
}
