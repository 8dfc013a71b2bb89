namespace EdgeCam.BlobBuffer.Store;

/// <summary>
/// Camera and event ids become blob name segments, file names and metadata values, so they are limited to
/// ASCII letters, digits, '.', '_' and '-', start with a letter or digit, and are at most 128 characters.
/// </summary>
public static class ClipNames
{
    /// <summary>True when <paramref name="name"/> can be used as a path segment as it is.</summary>
    public static bool IsValid(string? name) =>
        !string.IsNullOrEmpty(name)
        && name.Length <= 128
        && char.IsAsciiLetterOrDigit(name[0])
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    /// <summary>Throws <see cref="ClipRejectedException"/> naming <paramref name="property"/> when the name is not valid.</summary>
    public static void Check(string? name, string property)
    {
        if (!IsValid(name))
        {
            throw new ClipRejectedException($"{property} '{name}' is not valid: use 1-128 ASCII letters, digits, '.', '_' or '-', starting with a letter or digit.");
        }
    }
}
