namespace EdgeCam.Agent.Cli;

/// <summary>What the agent's exit code means.</summary>
public static class ExitCodes
{
    /// <summary>Everything the run produced reached its destination.</summary>
    public const int Success = 0;

    /// <summary>The pipeline did not finish within the settle timeout.</summary>
    public const int Incomplete = 1;

    /// <summary>Bad input: the command line, the camera source or the deployment template (one line says which).</summary>
    public const int BadInput = 2;

    /// <summary>The run finished but some clips are still only in the local buffer (storage refused or unreachable).</summary>
    public const int ClipsStillBuffered = 3;

    /// <summary><c>run</c>: a firmware update switched <c>current</c> to a new release; the supervisor (systemd) starts it.</summary>
    public const int FirmwareSwitched = 10;

    /// <summary><c>run</c>: this release was on trial and did not report healthy in time; the guard rolls back at the next start.</summary>
    public const int FirmwareUnhealthy = 11;
}
