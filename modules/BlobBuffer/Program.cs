using EdgeCam.BlobBuffer;
using EdgeCam.BlobBuffer.Diagnostics;
using EdgeCam.Edge.Hosting;
using EdgeCam.Edge.Identity;
using Microsoft.Extensions.Hosting;

var builder = Host.CreateApplicationBuilder(args);
builder.AddEdgeModuleDefaults();
if (DoctorCommand.IsRequested(args))
{
    return await DoctorCommand.RunAsync(builder.Configuration, StorageChecks.For(BlobBufferOptions.FromConfiguration(builder.Configuration)), CancellationToken.None);
}

try
{
    builder.Services.AddBlobBuffer(builder.Configuration);
}
catch (FormatException ex)
{
    // A malformed storage credential: one line that names the problem (never the key or the signature).
    await Console.Error.WriteLineAsync($"BlobBuffer cannot start: {ex.Message}");
    return 1;
}

return await EdgeModuleHost.RunAsync(builder, "BlobBuffer");
