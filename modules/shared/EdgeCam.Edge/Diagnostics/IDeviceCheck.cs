namespace EdgeCam.Edge.Diagnostics;

/// <summary>One thing <c>doctor</c> checks on a device: the clock, the disk, a device node, a reachable endpoint.</summary>
public interface IDeviceCheck
{
    /// <summary>Short name printed before the result line (e.g. <c>clock</c>, <c>edgehub</c>).</summary>
    string Name { get; }

    /// <summary>Runs the check; never throws for what it checks (a failure is a <see cref="CheckStatus.Fail"/> result).</summary>
    Task<CheckResult> RunAsync(CancellationToken cancellationToken);
}
