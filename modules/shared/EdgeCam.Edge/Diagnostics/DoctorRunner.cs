namespace EdgeCam.Edge.Diagnostics;

/// <summary>Runs device checks one after the other, each bounded by a timeout, and prints one line per check.</summary>
public sealed class DoctorRunner
{
    /// <summary>How long one check may take before it counts as failed.</summary>
    public static readonly TimeSpan DefaultCheckTimeout = TimeSpan.FromSeconds(5);

    private readonly TimeSpan _checkTimeout;

    public DoctorRunner(TimeSpan? checkTimeout = null)
    {
        _checkTimeout = checkTimeout ?? DefaultCheckTimeout;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_checkTimeout, TimeSpan.Zero);
    }

    /// <summary>Runs <paramref name="checks"/>, writes <c>status name: line</c> for each; returns 0 when none failed, 1 otherwise.</summary>
    public async Task<int> RunAsync(IEnumerable<IDeviceCheck> checks, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checks);
        ArgumentNullException.ThrowIfNull(output);
        var failed = false;
        foreach (var check in checks)
        {
            var result = await RunOneAsync(check, cancellationToken);
            failed |= result.Status == CheckStatus.Fail;
            await output.WriteLineAsync(Format(result));
        }

        return failed ? 1 : 0;
    }

    /// <summary>The printed form of one result: <c>ok   clock: ...</c>.</summary>
    public static string Format(CheckResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var status = result.Status switch
        {
            CheckStatus.Ok => "ok  ",
            CheckStatus.Warn => "warn",
            _ => "FAIL",
        };
        return $"{status} {result.Name}: {result.Line}";
    }

    private async Task<CheckResult> RunOneAsync(IDeviceCheck check, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_checkTimeout);
        try
        {
            return await check.RunAsync(timeout.Token).WaitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return CheckResult.Fail(check.Name, $"did not answer within {_checkTimeout.TotalSeconds:0.#} s; run it again, and if it hangs again look at what it checks by hand.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return CheckResult.Fail(check.Name, $"the check itself failed ({ex.GetType().Name}: {ex.Message}); report this with the line above.");
        }
    }
}
