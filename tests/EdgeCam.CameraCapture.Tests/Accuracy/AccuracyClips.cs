namespace EdgeCam.CameraCapture.Tests.Accuracy;

/// <summary>The accuracy suite's clips: what a camera sees, with and without something to report.</summary>
internal static class AccuracyClips
{
    public static IReadOnlyList<AccuracyClip> All { get; } =
    [
        new("person far, slow", 12, [new MovingObject(3, 10, 10, 24, 25)]),
        new("person near, walking", 12, [new MovingObject(3, 8, 30, 70, 60, Y: 50)]),
        new("car, fast", 10, [new MovingObject(3, 6, 90, 40, 160, Y: 100)]),
        new("two visits", 16, [new MovingObject(2, 5, 24, 50, 70), new MovingObject(10, 13, 24, 50, 70)]),
        new("heavy sensor noise, empty", 10, [], Noise: 20, Disturbance: true),
        new("dusk ramp", 14, [], "eq=brightness='-0.35*t/14':contrast='1-0.5*t/14':eval=frame", Disturbance: true),
        new("light switch", 10, [], "eq=brightness='0.3*gte(t,5)':eval=frame", Disturbance: true),
        new("IR switch", 10, [], "hue=s='if(gte(t,5),0,1)',eq=brightness='0.25*gte(t,5)':contrast='1+0.3*gte(t,5)':eval=frame", Disturbance: true),
        new("specks in IR light", 10, [], Disturbance: true, Specks: 6),
        new("IR switch then person", 14, [new MovingObject(8, 12, 24, 50, 60)], "hue=s='if(gte(t,4),0,1)',eq=brightness='0.25*gte(t,4)':eval=frame"),
    ];
}
