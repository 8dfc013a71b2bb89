using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EdgeCam.WebConsole.Security;

/// <summary>
/// The console password as it is stored: PBKDF2 (HMAC-SHA256) with a random 16-byte salt, in one line
/// <c>pbkdf2-sha256$&lt;iterations&gt;$&lt;salt base64&gt;$&lt;hash base64&gt;</c>. The password itself is never stored.
/// </summary>
public static class PasswordHash
{
    /// <summary>Iterations for new hashes (OWASP's 2023 figure for PBKDF2-HMAC-SHA256).</summary>
    public const int Iterations = 600_000;

    /// <summary>The shortest password accepted.</summary>
    public const int MinimumLength = 8;

    private const string Scheme = "pbkdf2-sha256";
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    /// <summary>Hashes <paramref name="password"/> with a new salt.</summary>
    /// <exception cref="ArgumentException">The password is shorter than <see cref="MinimumLength"/>.</exception>
    public static string Create(string password, int iterations = Iterations)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (password.Length < MinimumLength)
        {
            throw new ArgumentException($"the console password must have at least {MinimumLength} characters.", nameof(password));
        }

        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, HashBytes);
        return string.Create(CultureInfo.InvariantCulture, $"{Scheme}${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    /// <summary>True when <paramref name="password"/> is the one <paramref name="stored"/> was made from (constant time).</summary>
    /// <exception cref="FormatException"><paramref name="stored"/> is not a hash this class wrote.</exception>
    public static bool Verify(string password, string stored)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentNullException.ThrowIfNull(stored);
        var parts = stored.Trim().Split('$');
        if (parts.Length != 4 || parts[0] != Scheme
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations < 1)
        {
            throw new FormatException($"the console password file does not hold a {Scheme} hash.");
        }

        byte[] salt;
        byte[] expected;
        try
        {
            salt = Convert.FromBase64String(parts[2]);
            expected = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException)
        {
            throw new FormatException($"the console password file's {Scheme} hash has a salt or hash that is not base64.");
        }

        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }
}
