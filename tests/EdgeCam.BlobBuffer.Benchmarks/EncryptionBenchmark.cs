using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using EdgeCam.BlobBuffer.Encryption;
using EdgeCam.BlobBuffer.Store;
using EdgeCam.Testing;

namespace EdgeCam.BlobBuffer.Benchmarks;

/// <summary>
/// What encryption costs the device per accepted file: <see cref="ClipEncryptor"/> (read, AES-256-GCM, MD5 of plaintext
/// and ciphertext, write, fsync) beside a plain durable copy of the same file (read, write, fsync), and AES-256-GCM alone
/// in memory (the CPU's part), and what accepting a plaintext file costs (MD5 + fsync of the hard link). Interleaved rounds after a warm-up; median and best.
/// </summary>
internal static class EncryptionBenchmark
{
    public static int Run(string[] args)
    {
        var mebibytes = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 64;
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        using var temp = new TempDirectory("encbench");
        var content = new byte[mebibytes * 1024 * 1024];
        new Random(42).NextBytes(content);
        var path = temp.Combine("clip.mp4");
        File.WriteAllBytes(path, content);
        using var rsa = RSA.Create(3072);
        var encryptor = new ClipEncryptor(OwnerPublicKey.Parse(rsa.ExportSubjectPublicKeyInfoPem()));

        Console.WriteLine($"file of {mebibytes} MiB in {temp.Path}, {rounds} rounds after one warm-up, AES-GCM hardware: {AesGcm.IsSupported}");
        Console.WriteLine();
        Console.WriteLine($"{"work",-58} {"median MB/s",12} {"best MB/s",10} {"median ms",10}");
        var encrypt = new List<double>();
        var copy = new List<double>();
        var memory = new List<double>();
        var measure = new List<double>();
        for (var round = 0; round <= rounds; round++)
        {
            var sealedPath = temp.Combine($"sealed-{round}");
            var copyPath = temp.Combine($"copy-{round}");
            var encryptMs = Time(() => encryptor.Encrypt(path, sealedPath));
            var copyMs = Time(() => DurableCopy(path, copyPath));
            var memoryMs = Time(() => GcmInMemory(content));
            var measureMs = Time(() => ClipFile.Measure(path, flushToDisk: true));
            File.Delete(sealedPath);
            File.Delete(copyPath);
            if (round > 0)
            {
                encrypt.Add(encryptMs);
                copy.Add(copyMs);
                memory.Add(memoryMs);
                measure.Add(measureMs);
            }
        }

        Report("ClipEncryptor: file -> ciphertext file (GCM, 2x MD5, fsync)", encrypt, content.Length);
        Report("plain copy: file -> file (fsync)", copy, content.Length);
        Report("AES-256-GCM alone, in memory, 4 MiB regions", memory, content.Length);
        Report("plaintext accept as before: MD5 of the file + fsync", measure, content.Length);
        return 0;
    }

    private static void DurableCopy(string source, string destination)
    {
        using var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 1024 * 1024);
        using var output = new FileStream(destination, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1024 * 1024);
        input.CopyTo(output);
        output.Flush(flushToDisk: true);
    }

    private static void GcmInMemory(byte[] content)
    {
        var key = RandomNumberGenerator.GetBytes(EncryptionFormat.ContentKeySize);
        using var gcm = new AesGcm(key, EncryptionFormat.TagSize);
        var output = new byte[EncryptionFormat.RegionDataSize];
        var tag = new byte[EncryptionFormat.TagSize];
        var nonce = new byte[EncryptionFormat.NonceSize];
        for (long offset = 0, region = 0; offset < content.Length; offset += EncryptionFormat.RegionDataSize, region++)
        {
            var length = (int)Math.Min(EncryptionFormat.RegionDataSize, content.Length - offset);
            EncryptionFormat.WriteNonce(region, nonce);
            gcm.Encrypt(nonce, content.AsSpan((int)offset, length), output.AsSpan(0, length), tag);
        }
    }

    private static double Time(Action work)
    {
        var stopwatch = Stopwatch.StartNew();
        work();
        return stopwatch.Elapsed.TotalMilliseconds;
    }

    private static void Report(string name, List<double> milliseconds, long bytes)
    {
        milliseconds.Sort();
        var median = milliseconds[milliseconds.Count / 2];
        var best = milliseconds[0];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-58} {bytes / 1e6 / (median / 1000),12:0.0} {bytes / 1e6 / (best / 1000),10:0.0} {median,10:0}"));
    }
}
