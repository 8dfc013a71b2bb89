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
        new("dusk, to half brightness over 60 s", 64, [], Gain("1-0.5*min(t,60)/60"), Disturbance: true),
        new("dawn, 30 % brighter over 40 s (highlights clip)", 44, [], Gain("1+0.3*min(t,40)/40"), Disturbance: true),
        new("auto-exposure step, +20 % in 0.5 s", 12, [], Gain(AutoExposureStep), Disturbance: true),
        new("auto-exposure step, -20 % in 0.5 s", 12, [], Gain("1-0.2*clip((t-5)/0.5,0,1)"), Disturbance: true),
        new("trees against sky, auto-exposure drift (rendered stand-in)", 40, [], TreesAutoExposure, Noise: 8, Disturbance: true, Scene: TreesAgainstSky),
        new("trees against sky, auto-exposure step -20 % in 0.5 s (rendered stand-in)", 20, [], Gain("1-0.2*clip((t-5)/0.5,0,1)"), Noise: 8, Disturbance: true, Scene: TreesAgainstSky),
        new("person far, slow, during dusk", 64, [new MovingObject(30, 40, 10, 24, 25)], Gain("1-0.5*min(t,60)/60")),
        new("person walking through an auto-exposure step", 12, [new MovingObject(3, 9, 14, 34, 40)], Gain(AutoExposureStep)),
    ];

    // +20 % gain within 0.5 s at 5 s, as an auto-exposure loop re-adjusts.
    private const string AutoExposureStep = "1+0.2*clip((t-5)/0.5,0,1)";

    // A rendered stand-in for a real street camera (no real footage is available offline): a bright sky (clipping at the
    // top of the exposure, so the contrast stretch cannot follow a gain change) above a ragged, high-contrast tree line
    // with foliage texture and a gentle leaf flicker, a road below. Rendered per frame (the leaves move), not looped.
    private static string TreesAgainstSky => $"color=c=gray:s={AccuracyClip.Width}x{AccuracyClip.Height}:r={AccuracyClip.Fps}:d=40,"
        + "geq=lum='if(lt(Y,70+18*sin(X/13)+9*sin(X/4.3)+5*sin(X/1.7)),215+25*(1-Y/90)+6*sin(X/31+T/7),"
        + "if(gt(Y,145),105+20*sin(X/9)*cos(Y/5),42+16*sin(X/2.1)*sin(Y/1.9)+8*sin(X/3.3+1.5*sin(T*1.7+X/23))*sin(Y/2.7+sin(T*1.3+Y/17))+18*sin(X/17)*cos(Y/11)))'"
        + ":cb=128:cr=128";

    // Auto-exposure hunting: gain ±25 % over 30 s (the sky clips at the top of it) and a gamma drift over 23 s.
    private const string TreesAutoExposure = "eq=contrast='1+0.25*sin(2*PI*t/30)':brightness='0.125*sin(2*PI*t/30)':gamma='1+0.15*sin(2*PI*t/23)':eval=frame";

    // A global gain g(t) on luma (eq: v' = c·(v − ½) + ½ + b, so c = g and b = (g − 1)/2), clipped at white.
    private static string Gain(string g) => $"eq=contrast='{g}':brightness='({g}-1)/2':eval=frame";
}
