using EdgeCam.BlobBuffer.Archive;
using System.Globalization;
using EdgeCam.BlobBuffer.Reporting;
using EdgeCam.BlobBuffer.Settings;
using EdgeCam.BlobBuffer.Storage;
using EdgeCam.BlobBuffer.Store;
using EdgeCam.BlobBuffer.Targets;
using EdgeCam.BlobBuffer.Upload;
using EdgeCam.Contracts;
using EdgeCam.Contracts.Blobs;
using EdgeCam.Contracts.Clips;
using EdgeCam.Contracts.Motion;
using EdgeCam.Contracts.Snapshots;
using EdgeCam.Contracts.Serialization;
using EdgeCam.Edge.FileUpload;
using EdgeCam.Edge.Hosting;
using EdgeCam.Edge.Messaging;
using EdgeCam.Edge.Twin;
using Microsoft.Extensions.Logging;

namespace EdgeCam.BlobBuffer;

/// <summary>
/// BlobBuffer: accepts closed clips (input <c>clipReady</c>) into a durable store on the shared volume, uploads them
/// oldest first to Azure Blob Storage (or to a local folder when no connection string is configured), and announces
/// each confirmed clip on output <c>uploaded</c>. Status goes to the reported property <c>buffer</c>.
/// </summary>
public sealed partial class BlobBufferModule : IEdgeModule
{
    public const string ClipReadyInput = "clipReady";
    public const string SnapshotReadyInput = "snapshotReady";
    public const string MotionInput = "motion";
    public const string UploadedOutput = "uploaded";
    public const string LinksOutput = "links";

    /// <summary>Output carrying <c>bufferHealth</c> (Reporting/BufferHealthReport), routed to EventRouter's <c>health</c>.</summary>
    public const string HealthOutput = "health";

    private readonly SharedVolume _volume;
    private readonly BlobBufferOptions _options;
    private readonly RenewableCredential? _credentials;
    private readonly StorageSasFile? _sasFile;
    private readonly IFileUploadSession? _fileUpload;
    private readonly ILoggerFactory _loggerFactory;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly BufferStatusReport _report = new();
    private readonly Lock _storeGate = new();
    // Set once OpenAsync delivered the twin's desired properties: no file is accepted before, so one that arrives first is
    // not kept in plaintext while the twin asks for encryption.
    private readonly TaskCompletionSource _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TwinSettingsBinding<BlobBufferSettings>? _binding;
    private string? _lastRejection;
    private bool _storeClosed;

    /// <summary>Creates the module. A null or empty connection string selects the local folder target.</summary>
    public BlobBufferModule(SharedVolume volume, string? storageConnectionString, ILoggerFactory loggerFactory, TimeProvider timeProvider)
        : this(volume, new BlobBufferOptions { StorageConnectionString = storageConnectionString }, loggerFactory, timeProvider)
    {
    }

    /// <summary>
    /// Creates the module; a malformed connection string or SAS URL throws <see cref="FormatException"/> with one line
    /// naming the problem (never the key or the signature).
    /// </summary>
    /// <param name="fileUpload">IoT Hub's file upload for the agent's device identity; required when
    /// <see cref="BlobBufferOptions.UsesIotHubFileUpload"/>, ignored otherwise.</param>
    public BlobBufferModule(SharedVolume volume, BlobBufferOptions options, ILoggerFactory loggerFactory, TimeProvider timeProvider, IFileUploadSession? fileUpload = null)
    {
        ArgumentNullException.ThrowIfNull(volume);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _volume = volume;
        _options = options;
        var (credential, sasFile) = options.Credential();
        _credentials = credential is null ? null : new RenewableCredential(credential);
        _sasFile = sasFile;
        _fileUpload = options.UsesIotHubFileUpload ? fileUpload ?? throw new FormatException(BlobBufferOptions.FileUploadNeedsDeviceIdentity) : null;
        _loggerFactory = loggerFactory;
        _timeProvider = timeProvider;
        _logger = loggerFactory.CreateLogger<BlobBufferModule>();
    }

    /// <summary>The settings in force (the defaults until the twin says otherwise).</summary>
    public BlobBufferSettings Settings => _binding?.Current ?? new BlobBufferSettings();

    public async Task RunAsync(IModuleClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var target = CreateTarget(Settings.ServiceVersion);
        // Every setting has a default, so Current is valid from the start; the twin's document replaces it on open.
        _binding = TwinSettingsBinding.Create(client, BlobBufferSettings.Read, _logger);
        using var store = ClipStore.Open(_volume.BufferDirectory, Settings.MaxBufferBytes, _timeProvider, _loggerFactory.CreateLogger<ClipStore>());
        var motion = MotionBook.Open(_volume.BufferDirectory, _loggerFactory.CreateLogger<MotionBook>());
        var uploader = new ClipUploader(store, target, _timeProvider, _loggerFactory.CreateLogger<ClipUploader>()) { Settings = Settings, MotionBook = motion };
        using var reportGate = new SemaphoreSlim(1, 1);
        var health = new BufferHealthReport(client.ModuleId, _timeProvider);
        var outage = OutageReport.Open(client.ModuleId, _volume.BufferDirectory, _timeProvider);
        var watch = _credentials is null ? null : new CredentialWatch(_credentials, _sasFile, _timeProvider, _loggerFactory.CreateLogger<CredentialWatch>());
        LogStarted(_logger, target.Description, store.PendingCount);

        Task ReportAsync(CancellationToken ct) => ReportStatusAsync(client, store, uploader, target.Description, (health, outage, watch), reportGate, ct);

        client.SetInputHandler(ClipReadyInput, (message, ct) => OnClipReadyAsync(ClipReadyInput, message, store, uploader, ReportAsync, ct));
        client.SetInputHandler(SnapshotReadyInput, (message, ct) => OnClipReadyAsync(SnapshotReadyInput, message, store, uploader, ReportAsync, ct));
        client.SetInputHandler(MotionInput, (message, ct) => OnMotionAsync(client, motion, message, ct));
        _binding.Changed += (_, settings) =>
        {
            Apply(settings, store, uploader);
            HoldIfUnencrypted(uploader, null);
        };
        _binding.Rejected += (_, reason) => HoldIfUnencrypted(uploader, reason);
        if (_credentials is not null)
        {
            _credentials.Renewed += (_, _) => uploader.RetryNow();
        }

        await client.OpenAsync(cancellationToken);
        watch?.Check(Settings.SasExpiryWarningDays);
        _opened.TrySetResult();
        await ReportAsync(cancellationToken);
        var watching = watch?.RunAsync(() => Settings.SasExpiryWarningDays, ReportAsync, cancellationToken) ?? Task.CompletedTask;
        try
        {
            await uploader.RunAsync((uploaded, ct) => SendUploadedAsync(client, uploaded, ct), ReportAsync, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown: everything not confirmed stays in the store for the next start.
        }
        finally
        {
            await watching.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

            // From here on a clipReady is not taken (MessageNotTakenException): it stays with its sender for the restart
            // instead of being acknowledged into a closed store.
            lock (_storeGate)
            {
                _storeClosed = true;
            }
        }
    }

    private IClipTarget CreateTarget(string serviceVersion) => _fileUpload is not null
        ? new HubFileUploadTarget(_fileUpload, credential => BlockTarget(new RenewableCredential(credential), serviceVersion), _loggerFactory.CreateLogger<HubFileUploadTarget>())
        : _credentials is null
            ? new LocalFolderTarget(_options.LocalFolder ?? Path.Combine(_volume.Root, "uploaded"))
            : BlockTarget(_credentials, serviceVersion);

    // The one place a block target is made, for the configured (renewable) credential or for each SAS IoT Hub hands out.
    private AzureBlobTarget BlockTarget(RenewableCredential credentials, string serviceVersion) =>
        new(new AzureBlockBlobClient(credentials, serviceVersion), _timeProvider, _loggerFactory.CreateLogger<AzureBlobTarget>());

    private async Task OnClipReadyAsync(string input, ModuleMessage message, ClipStore store, ClipUploader uploader, Func<CancellationToken, Task> report, CancellationToken cancellationToken)
    {
        await _opened.Task.WaitAsync(cancellationToken);
        var gate = _storeGate.EnterScope();
        try
        {
            if (_storeClosed)
            {
                throw new MessageNotTakenException("BlobBuffer is stopping and its store is closed");
            }

            var result = input == SnapshotReadyInput
                ? store.AcceptSnapshot(message.Read(ContractsJsonContext.Default.SnapshotReady), _volume)
                : store.Accept(message.Read(ContractsJsonContext.Default.ClipReady), _volume);
            if (!result.WasDuplicate)
            {
                LogAccepted(_logger, result.Clip.Kind, result.Clip.CameraId, result.Clip.EventId, result.Clip.SizeBytes, store.PendingCount);
            }

            uploader.Wake();
        }
        catch (ContractFormatException ex)
        {
            _lastRejection = $"input {input}: {ex.Message}";
            LogRejected(_logger, _lastRejection);
        }
        catch (ClipRejectedException ex)
        {
            _lastRejection = $"input {input}: {ex.Message}";
            LogRejected(_logger, _lastRejection);
        }
        finally
        {
            gate.Dispose();
        }

        await report(cancellationToken);
    }

    // Fails closed (Settings/EncryptionHold): a twin that asks for encryption never falls back to plaintext uploads.
    private void HoldIfUnencrypted(ClipUploader uploader, string? rejection)
    {
        var hold = EncryptionHold.Reason(_binding!.CurrentDesired, _binding.Current, rejection);
        if (hold == uploader.Hold)
        {
            return;
        }

        uploader.Hold = hold;
        if (hold is null)
        {
            LogHoldEnded(_logger);
        }
        else
        {
            LogHeld(_logger, hold);
        }

        uploader.Wake();
    }

    private void Apply(BlobBufferSettings settings, ClipStore store, ClipUploader uploader)
    {
        store.MaxBufferBytes = settings.MaxBufferBytes;
        store.Encryptor = settings.Encryption.CreateEncryptor();
        if ((_credentials is not null || _fileUpload is not null) && settings.ServiceVersion != uploader.Settings.ServiceVersion)
        {
            // SDK clients are immutable: a new service version means a new client (the next upload uses it).
            uploader.Target = CreateTarget(settings.ServiceVersion);
        }

        uploader.Settings = settings;
        LogSettingsApplied(_logger, settings.Container, settings.BlockSizeBytes, settings.MaxBufferBytes, settings.ServiceVersion, settings.Encryption.Enabled ? $"for owner key {settings.Encryption.KeyId}" : "off");
    }

    // Every motion start that names a snapshot gets its blob name and read link at once (signing needs no network), so
    // EventRouter's alert can carry them without waiting for the snapshot or its upload.
    // Score and zones of every event are remembered for the index tags of its blobs (Archive/MotionBook).
    private async Task OnMotionAsync(IModuleClient client, MotionBook motion, ModuleMessage message, CancellationToken cancellationToken)
    {
        if (message.MessageType() == MessageTypes.MotionEnded)
        {
            motion.Record(message.Read(ContractsJsonContext.Default.MotionEnded));
            return;
        }

        if (message.MessageType() != MessageTypes.MotionStarted)
        {
            return;
        }

        var started = message.Read(ContractsJsonContext.Default.MotionStarted);
        motion.Record(started);
        if (started.SnapshotPath is null)
        {
            return;
        }

        var blobName = BlobNames.Snapshot(started.CameraId, started.EventId, started.Start);
        if (_fileUpload is not null)
        {
            blobName = $"{_fileUpload.DeviceId}/{blobName}"; // where IoT Hub's file upload puts it
        }

        var (link, noReadLink) = Sign(blobName);
        var answer = new SnapshotLink(started.CameraId, started.EventId, blobName, link, noReadLink);
        var reply = ContractMessage.Create(answer, ContractsJsonContext.Default.SnapshotLink, MessageTypes.SnapshotLink, started.CameraId, $"{started.CameraId}.{started.EventId}.snapshotLink");
        await client.SendAsync(LinksOutput, reply, cancellationToken);
    }

    private (ReadLink? Link, string? NoReadLink) Sign(string blobName)
    {
        var settings = Settings;
        if (_fileUpload is not null)
        {
            return (null, settings.ReadLinkMinutes > 0 ? HubFileUploadTarget.NoReadLink : null);
        }

        return new ReadLinkSigner(_credentials?.Current).Sign(settings.Container, blobName, TimeSpan.FromMinutes(settings.ReadLinkMinutes), _timeProvider.GetUtcNow());
    }

    private Task SendUploadedAsync(IModuleClient client, ClipUploaded uploaded, CancellationToken cancellationToken)
    {
        var (link, noReadLink) = Sign(uploaded.BlobName);
        uploaded = uploaded with { ReadLink = link, NoReadLink = noReadLink };
        // The message id is stable per clip: a re-sent confirmation (after a crash before it was recorded) can be dropped.
        var message = ContractMessage.Create(
            uploaded, ContractsJsonContext.Default.ClipUploaded, MessageTypes.ClipUploaded, uploaded.CameraId, $"{uploaded.CameraId}.{uploaded.EventId}.uploaded");
        return client.SendAsync(UploadedOutput, message, cancellationToken);
    }

    private async Task ReportStatusAsync(IModuleClient client, ClipStore store, ClipUploader uploader, string target, (BufferHealthReport Health, OutageReport Outage, CredentialWatch? Watch) reports, SemaphoreSlim gate, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            var expiresAt = _credentials?.Current.ExpiresOn;
            var snapshot = BufferStatusReport.Snapshot(store, uploader, target);
            snapshot["lastRejected"] = _lastRejection;
            snapshot["encryptionKeyId"] = store.Encryptor?.Owner.KeyId;
            snapshot["uploadsHeld"] = uploader.Hold;
            snapshot["tagsOff"] = (uploader.Target as AzureBlobTarget)?.TagsOff;
            snapshot["credentialExpiresAt"] = expiresAt?.ToString("O", CultureInfo.InvariantCulture);
            var patch = _report.Changes(snapshot);
            if (patch is not null)
            {
                await client.UpdateReportedPropertiesAsync(patch, cancellationToken);
            }

            if (reports.Health.Next(store, uploader, expiresAt, reports.Watch?.IsExpiring(Settings.SasExpiryWarningDays) ?? false) is { } report)
            {
                var message = ContractMessage.Create(report, ContractsJsonContext.Default.BufferHealth, MessageTypes.BufferHealth, report.Buffer, Guid.NewGuid().ToString("N"));
                await client.SendAsync(HealthOutput, message, cancellationToken);
            }

            if (reports.Outage.Next(store, uploader, TimeSpan.FromSeconds(Settings.OutageSummaryAfterSeconds)) is { } summary)
            {
                // The id derives from the outage's start: a summary sent again after a crash before Sent() is a duplicate.
                var id = $"{summary.Buffer}.outage.{summary.From.ToUnixTimeMilliseconds()}";
                var message = ContractMessage.Create(summary, ContractsJsonContext.Default.OutageSummary, MessageTypes.OutageSummary, summary.Buffer, id);
                await client.SendAsync(HealthOutput, message, cancellationToken);
                reports.Outage.Sent();
                LogOutageSummary(_logger, summary.To - summary.From, summary.EventsAccepted, summary.ClipsWaiting);
            }
        }
        finally
        {
            gate.Release();
        }
    }

    [LoggerMessage(1, LogLevel.Information, "BlobBuffer uploading to {Target}; {PendingCount} clips waiting from before")]
    private static partial void LogStarted(ILogger logger, string target, int pendingCount);

    [LoggerMessage(2, LogLevel.Information, "{Kind} {CameraId}/{EventId} accepted ({SizeBytes} bytes); {PendingCount} waiting for upload")]
    private static partial void LogAccepted(ILogger logger, string kind, string cameraId, string eventId, long sizeBytes, int pendingCount);

    [LoggerMessage(5, LogLevel.Information, "Uploads resumed after an outage of {Duration}: {Events} events accepted meanwhile, {Waiting} files still waiting; outage summary sent")]
    private static partial void LogOutageSummary(ILogger logger, TimeSpan duration, int events, int waiting);

    [LoggerMessage(3, LogLevel.Error, "Clip not accepted: {Reason}")]
    private static partial void LogRejected(ILogger logger, string reason);

    [LoggerMessage(4, LogLevel.Information, "Settings applied: container {Container}, blocks of {BlockSizeBytes} bytes, buffer quota {MaxBufferBytes} bytes, storage service version {ServiceVersion}, encryption {Encryption}")]
    private static partial void LogSettingsApplied(ILogger logger, string container, int blockSizeBytes, long maxBufferBytes, string serviceVersion, string encryption);


    [LoggerMessage(6, LogLevel.Error, "{Reason}")]
    private static partial void LogHeld(ILogger logger, string reason);

    [LoggerMessage(7, LogLevel.Information, "Uploads resume: the settings in force encrypt as the twin asks (files accepted meanwhile are encrypted before they go)")]
    private static partial void LogHoldEnded(ILogger logger);
}
