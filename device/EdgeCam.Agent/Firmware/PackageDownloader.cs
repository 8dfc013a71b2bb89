using System.Net;
using System.Security.Cryptography;

namespace EdgeCam.Agent.Firmware;

/// <summary>
/// Fetches a firmware package over HTTP(S) into a file, hashing it (SHA-256) as it streams in. Bounded in size
/// (<see cref="MaxPackageBytes"/>) and time (<see cref="Timeout"/>). Messages name the host and path, never the
/// URL's query (a SAS token is a credential).
/// </summary>
public sealed class PackageDownloader : IDisposable
{
    /// <summary>The largest package accepted (a self-contained linux-arm64 agent is about 50 MB compressed).</summary>
    public const long MaxPackageBytes = 512L * 1024 * 1024;

    /// <summary>The longest a download may take.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(30);

    private readonly HttpClient _http = new() { Timeout = System.Threading.Timeout.InfiniteTimeSpan };

    /// <summary>Downloads <paramref name="url"/> into <paramref name="destination"/>; returns its SHA-256 in lower-case hex.</summary>
    /// <exception cref="FirmwarePackageException">The server refused, the connection failed, or the package is too large.</exception>
    public async Task<string> DownloadAsync(Uri url, string destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        var where = $"{url.Scheme}://{url.Authority}{url.AbsolutePath}";
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            using var response = await _http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new FirmwarePackageException($"download of {where} failed: HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            }

            if (response.Content.Headers.ContentLength > MaxPackageBytes)
            {
                throw new FirmwarePackageException($"package {where} is {response.Content.Headers.ContentLength} bytes, more than the {MaxPackageBytes} allowed") { Refused = true };
            }

            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
            await using var file = new FileStream(destination, FileMode.Create, FileAccess.Write, FileShare.None);
            var buffer = new byte[81920];
            long total = 0;
            int read;
            while ((read = await body.ReadAsync(buffer, timeout.Token)) > 0)
            {
                total += read;
                if (total > MaxPackageBytes)
                {
                    throw new FirmwarePackageException($"package {where} is more than the {MaxPackageBytes} bytes allowed") { Refused = true };
                }

                hash.AppendData(buffer, 0, read);
                await file.WriteAsync(buffer.AsMemory(0, read), timeout.Token);
            }

            await file.FlushAsync(timeout.Token);
            return Convert.ToHexStringLower(hash.GetHashAndReset());
        }
        catch (HttpRequestException ex)
        {
            throw new FirmwarePackageException($"download of {where} failed: {ex.Message}", ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new FirmwarePackageException($"download of {where} did not finish within {Timeout.TotalMinutes} min", ex);
        }
    }

    public void Dispose() => _http.Dispose();
}
