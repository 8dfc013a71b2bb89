namespace EdgeCam.Edge.Diagnostics;

/// <summary>How a device check came out.</summary>
public enum CheckStatus
{
    /// <summary>Nothing to do.</summary>
    Ok,

    /// <summary>Works now but deserves attention (the line says what).</summary>
    Warn,

    /// <summary>Broken: the module will not work until the line's advice is followed.</summary>
    Fail,
}

/// <summary>The outcome of one check: <paramref name="Line"/> is one sentence saying what is wrong and what to do (or what was found).</summary>
public sealed record CheckResult(string Name, CheckStatus Status, string Line)
{
    /// <summary>A passing result.</summary>
    public static CheckResult Ok(string name, string line) => new(name, CheckStatus.Ok, line);

    /// <summary>A warning.</summary>
    public static CheckResult Warn(string name, string line) => new(name, CheckStatus.Warn, line);

    /// <summary>A failure.</summary>
    public static CheckResult Fail(string name, string line) => new(name, CheckStatus.Fail, line);
}
