using EdgeCam.Contracts.Capture;
using EdgeCam.Contracts.Serialization;

namespace EdgeCam.CameraCapture.Capture;

/// <summary>Writes <c>session.json</c> atomically (temporary file, then rename), so readers never see half a file.</summary>
internal static class SessionFile
{
    public static void Write(string sessionDirectory, CaptureSession session)
    {
        var path = Path.Combine(sessionDirectory, CaptureSession.FileName);
        var temporary = path + ".tmp";
        File.WriteAllBytes(temporary, ContractJson.Serialize(session, ContractsJsonContext.Default.CaptureSession));
        File.Move(temporary, path, overwrite: true);
    }
}
