namespace EdgeCam.EventRouter.Rules;

/// <summary>Whether people are home: each camera is armed per mode (<see cref="CameraRules"/>).</summary>
public enum HouseModeKind
{
    Home,
    Away,
}

/// <summary>How a camera is armed in a mode.</summary>
public enum Arming
{
    /// <summary>Motion alerts.</summary>
    Armed,

    /// <summary>Motion does not alert (it is still recorded: recording is SegmentRecorder's, alerting EventRouter's).</summary>
    Disarmed,

    /// <summary>Armed during the camera's schedule windows only.</summary>
    Schedule,
}
