namespace EdgeCam.WebConsole.Security;

/// <summary>
/// The file holding the console password's hash (<see cref="PasswordHash"/>), written by
/// <c>edgecam-agent console set-password</c>: readable by its owner only, replaced atomically.
/// </summary>
public sealed class PasswordFile(string path)
{
    /// <summary>The file's path.</summary>
    public string Path { get; } = path;

    /// <summary>True when a password is set.</summary>
    public bool Exists => File.Exists(Path);

    /// <summary>The stored hash, or null when no password is set.</summary>
    public string? ReadHash() => File.Exists(Path) ? File.ReadAllText(Path).Trim() : null;

    /// <summary>Stores the hash of <paramref name="password"/> (mode 0600), replacing any earlier one.</summary>
    /// <exception cref="ArgumentException">The password is too short.</exception>
    public void Write(string password)
    {
        var hash = PasswordHash.Create(password);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!);
        var temporary = Path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.WriteLine(hash);
        }

        File.Move(temporary, Path, overwrite: true);
    }
}
