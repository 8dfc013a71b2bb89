using System.Reflection;
using EdgeCam.Edge.Messaging;
using Microsoft.Extensions.Logging;

namespace EdgeCam.Edge.Twin;

/// <summary>Creates <see cref="TwinSettingsBinding{T}"/>s whose parser is a <see cref="SettingsReader"/> function.</summary>
public static class TwinSettingsBinding
{
    /// <summary>
    /// Binds settings read by <paramref name="read"/>. Errors the reader collects reject the update (400 naming the
    /// property); unknown properties are reported as warnings in the 200 description.
    /// </summary>
    public static TwinSettingsBinding<T> Create<T>(IModuleClient client, Func<SettingsReader, T> read, ILogger logger, Assembly? moduleAssembly = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(read);
        return new TwinSettingsBinding<T>(
            client,
            json =>
            {
                var reader = new SettingsReader(json);
                var settings = read(reader);
                reader.ThrowIfInvalid();
                return new ParsedSettings<T>(settings, reader.UnknownProperties);
            },
            logger,
            moduleAssembly);
    }
}
