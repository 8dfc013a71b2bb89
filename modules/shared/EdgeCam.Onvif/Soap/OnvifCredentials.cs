namespace EdgeCam.Onvif.Soap;

/// <summary>The ONVIF user a device is asked as; <see cref="None"/> sends no security header (devices that allow anonymous calls).</summary>
public sealed record OnvifCredentials(string Username, string Password)
{
    /// <summary>No credentials: requests go without a <c>wsse:Security</c> header.</summary>
    public static OnvifCredentials None { get; } = new(string.Empty, string.Empty);

    /// <summary>True when a username is set.</summary>
    public bool IsSet => Username.Length > 0;

    /// <summary>Hides the password from logs and exception messages.</summary>
    public override string ToString() => IsSet ? $"OnvifCredentials {{ Username = {Username} }}" : "OnvifCredentials { none }";
}
