using System.Reflection;
using EdgeCam.Edge.Messaging;
using Microsoft.Extensions.Logging;

namespace EdgeCam.Edge.Twin;

/// <summary>Creates <see cref="TwinSettingsBinding{T}"/>s whose parser is a <see cref="SettingsReader"/> function.</summary>
public static class TwinSettingsBinding
{
    /// <summary>
    /// Binds settings read by <paramref name="read"/> through <see cref="SettingsReader.Parse{T}"/>: an invalid or
    /// unknown property, or a <c>schemaVersion</c> other than 1.x, rejects the update (400 naming it) and the settings in
    /// force stay.
    /// </summary>
    public static TwinSettingsBinding<T> Create<T>(IModuleClient client, Func<SettingsReader, T> read, ILogger logger, Assembly? moduleAssembly = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(read);
        return new TwinSettingsBinding<T>(client, json => SettingsReader.Parse(json, read), logger, moduleAssembly);
    }
}
