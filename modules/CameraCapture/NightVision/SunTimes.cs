namespace EdgeCam.CameraCapture.NightVision;

/// <summary>Sunrise and sunset of one day at one place (UTC), or the polar cases.</summary>
/// <param name="Sunrise">Upper limb at the horizon in the morning (null: the sun does not rise or set that day).</param>
/// <param name="Sunset">Same in the evening.</param>
/// <param name="AlwaysUp">True in polar day (no sunset), false in polar night, meaningless otherwise.</param>
public sealed record SunTimes(DateTimeOffset? Sunrise, DateTimeOffset? Sunset, bool AlwaysUp)
{
    // Refraction at the horizon plus the sun's radius: the sun counts as up while its centre is above -0.833°.
    private const double HorizonZenithDegrees = 90.833;

    /// <summary>
    /// Computes the day's times with NOAA's solar-position equations (the NOAA Solar Calculator spreadsheet, from
    /// Meeus' "Astronomical Algorithms"): the sun's declination and the equation of time from the Julian century, then
    /// the hour angle at which the sun's centre is 0.833° below the horizon. Accurate to about a minute between ±65°
    /// latitude. <paramref name="day"/> is the local solar day (UTC date shifted by longitude).
    /// </summary>
    public static SunTimes For(DateOnly day, double latitude, double longitude)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(latitude, -90);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(latitude, 90);
        var midnightUtc = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

        // Evaluate the sun at approximate local noon; its position changes little over a day.
        var noonGuess = midnightUtc.AddHours(12 - (longitude / 15));
        var (declination, equationOfTimeMinutes) = SolarPosition(noonGuess);
        var latitudeRad = Radians(latitude);
        var cosHourAngle = (Math.Cos(Radians(HorizonZenithDegrees)) / (Math.Cos(latitudeRad) * Math.Cos(declination)))
            - (Math.Tan(latitudeRad) * Math.Tan(declination));
        if (cosHourAngle > 1)
        {
            return new SunTimes(null, null, AlwaysUp: false);
        }

        if (cosHourAngle < -1)
        {
            return new SunTimes(null, null, AlwaysUp: true);
        }

        var hourAngleDegrees = Degrees(Math.Acos(cosHourAngle));
        var solarNoonMinutes = 720 - (4 * longitude) - equationOfTimeMinutes;
        return new SunTimes(
            midnightUtc.AddMinutes(solarNoonMinutes - (4 * hourAngleDegrees)),
            midnightUtc.AddMinutes(solarNoonMinutes + (4 * hourAngleDegrees)),
            AlwaysUp: false);
    }

    /// <summary>True when the sun is down at <paramref name="now"/> at that place.</summary>
    public static bool IsNight(DateTimeOffset now, double latitude, double longitude)
    {
        var solarDay = DateOnly.FromDateTime(now.UtcDateTime.AddHours(longitude / 15));
        var times = For(solarDay, latitude, longitude);
        if (times.Sunrise is not { } sunrise || times.Sunset is not { } sunset)
        {
            return !times.AlwaysUp;
        }

        return now < sunrise || now >= sunset;
    }

    // Declination (radians) and equation of time (minutes) at an instant, NOAA spreadsheet columns G–V.
    private static (double Declination, double EquationOfTimeMinutes) SolarPosition(DateTimeOffset instant)
    {
        var julianDay = (instant.ToUnixTimeMilliseconds() / 86_400_000.0) + 2_440_587.5;
        var t = (julianDay - 2_451_545.0) / 36_525.0;
        var meanLongitude = Mod360(280.46646 + (t * (36_000.76983 + (t * 0.0003032))));
        var meanAnomaly = 357.52911 + (t * (35_999.05029 - (0.0001537 * t)));
        var eccentricity = 0.016708634 - (t * (0.000042037 + (0.0000001267 * t)));
        var m = Radians(meanAnomaly);
        var centre = (Math.Sin(m) * (1.914602 - (t * (0.004817 + (0.000014 * t)))))
            + (Math.Sin(2 * m) * (0.019993 - (0.000101 * t)))
            + (Math.Sin(3 * m) * 0.000289);
        var omega = Radians(125.04 - (1934.136 * t));
        var apparentLongitude = Radians(meanLongitude + centre - 0.00569 - (0.00478 * Math.Sin(omega)));
        var meanObliquity = 23 + ((26 + ((21.448 - (t * (46.815 + (t * (0.00059 - (t * 0.001813)))))) / 60)) / 60);
        var obliquity = Radians(meanObliquity + (0.00256 * Math.Cos(omega)));
        var declination = Math.Asin(Math.Sin(obliquity) * Math.Sin(apparentLongitude));

        var y = Math.Pow(Math.Tan(obliquity / 2), 2);
        var l0 = Radians(meanLongitude);
        var equationOfTime = (y * Math.Sin(2 * l0))
            - (2 * eccentricity * Math.Sin(m))
            + (4 * eccentricity * y * Math.Sin(m) * Math.Cos(2 * l0))
            - (0.5 * y * y * Math.Sin(4 * l0))
            - (1.25 * eccentricity * eccentricity * Math.Sin(2 * m));
        return (declination, 4 * Degrees(equationOfTime));
    }

    private static double Mod360(double degrees) => ((degrees % 360) + 360) % 360;

    private static double Radians(double degrees) => degrees * Math.PI / 180;

    private static double Degrees(double radians) => radians * 180 / Math.PI;
}
