using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text.Json.Nodes;
using EdgeCam.Edge.Messaging;
using Microsoft.Extensions.Logging;

namespace EdgeCam.Edge.Twin;

/// <summary>
/// Keeps a module's typed settings in step with its desired properties. Registers the desired-properties handler on
/// the client. The held desired JSON always mirrors the twin's desired document: a full document replaces it and a
/// patch is merged into it (null removes), whether or not the result is valid, because the twin is the truth. The
/// whole merged document is parsed. Valid: <see cref="Current"/> is swapped and <see cref="Changed"/> raised.
/// Invalid: the settings in force stay, and stay until a later update makes the whole document valid, so a patch
/// that touches another property still reports the invalid one. Either way <c>lastDesiredStatus</c> (200, or 400
/// naming the property) is reported, and the first report also carries the module's <c>version</c>.
/// </summary>
/// <typeparam name="T">The module's immutable settings record.</typeparam>
[SuppressMessage("Reliability", "CA1001", Justification = "The SemaphoreSlim never allocates a wait handle (AvailableWaitHandle is not used), so it holds nothing to dispose.")]
public sealed partial class TwinSettingsBinding<T>
    where T : class
{
    private readonly IModuleClient _client;
    private readonly Func<JsonObject, T> _parse;
    private readonly ILogger _logger;
    private readonly string _version;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private JsonObject _desired = [];
    private T? _current;
    private bool _versionReported;

    /// <summary>
    /// Binds settings parsed by <paramref name="parse"/>, which throws <see cref="SettingsValidationException"/> for invalid
    /// input. Modules use <see cref="TwinSettingsBinding.Create{T}"/>, which parses with <see cref="SettingsReader.Parse{T}"/>.
    /// </summary>
    public TwinSettingsBinding(IModuleClient client, Func<JsonObject, T> parse, ILogger logger, Assembly? moduleAssembly = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(logger);
        _client = client;
        _parse = parse;
        _logger = logger;
        _version = DesiredStatus.VersionOf(moduleAssembly ?? typeof(T).Assembly);
        _current = TryParse([], out var defaults, out _) ? defaults : null;
        client.SetDesiredPropertiesHandler(ApplyAsync);
    }

    /// <summary>Raised after valid desired properties replaced <see cref="Current"/>.</summary>
    public event EventHandler<T>? Changed;

    /// <summary>
    /// Raised after desired properties were rejected, with the reason; <see cref="Current"/> is unchanged and
    /// <see cref="CurrentDesired"/> holds the rejected document (for a module that must not fall back silently).
    /// </summary>
    public event EventHandler<string>? Rejected;

    /// <summary>True once settings exist: the code defaults were valid, or valid desired properties arrived.</summary>
    public bool HasSettings => _current is not null;

    /// <summary>The settings in force.</summary>
    /// <exception cref="InvalidOperationException">No valid settings yet (the defaults need a property the twin did not provide).</exception>
    public T Current => _current ?? throw new InvalidOperationException(
        $"module '{_client.ModuleId}' has no valid settings yet: the desired properties received so far were invalid (see lastDesiredStatus)");

    /// <summary>
    /// A copy of the twin's desired document as last received (full document, or patches merged in), valid or not.
    /// It differs from the desired JSON behind <see cref="Current"/> while the document is invalid.
    /// </summary>
    public JsonObject CurrentDesired => (JsonObject)_desired.DeepClone();

    /// <summary>The <c>$version</c> of the last valid desired properties (0 before any).</summary>
    public long AppliedVersion { get; private set; }

    /// <summary>Applies a full document or a patch. Registered as the client's desired-properties handler.</summary>
    public async Task ApplyAsync(DesiredPropertiesUpdate update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            // The twin merges every patch, valid or not; mirror it so a later patch is judged against what the twin holds.
            _desired = update.IsFullDocument
                ? (JsonObject)update.Properties.DeepClone()
                : JsonMergePatch.Merge(_desired, update.Properties);
            JsonObject report;
            T? applied = null;
            if (TryParse(_desired, out var parsed, out string? error))
            {
                _current = applied = parsed;
                AppliedVersion = update.Version;
                LogApplied(_client.ModuleId, update.Version);
                report = DesiredStatus.Report(DesiredStatus.Applied, "applied", update.Version);
            }
            else
            {
                LogRejected(_client.ModuleId, update.Version, error!);
                report = DesiredStatus.Report(DesiredStatus.Rejected, error!, update.Version);
            }

            if (!_versionReported)
            {
                report["version"] = _version;
            }

            await _client.UpdateReportedPropertiesAsync(report, cancellationToken);
            _versionReported = true;
            if (applied is not null)
            {
                Changed?.Invoke(this, applied);
            }
            else
            {
                Rejected?.Invoke(this, error!);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private bool TryParse(JsonObject desired, [NotNullWhen(true)] out T? parsed, out string? error)
    {
        try
        {
            parsed = _parse(desired);
            error = null;
            return true;
        }
        catch (SettingsValidationException ex)
        {
            error = ex.Message;
        }
        catch (ArgumentException ex)
        {
            // Settings records validate in their constructors with ArgumentException (ArgumentOutOfRangeException...).
            error = ex.Message;
        }

        parsed = null;
        return false;
    }

    [LoggerMessage(1, LogLevel.Information, "Module {ModuleId}: desired properties version {Version} applied")]
    private partial void LogApplied(string moduleId, long version);

    [LoggerMessage(2, LogLevel.Warning, "Module {ModuleId}: desired properties version {Version} rejected, keeping the settings in force until the desired document is valid: {Reason}")]
    private partial void LogRejected(string moduleId, long version, string reason);
}

