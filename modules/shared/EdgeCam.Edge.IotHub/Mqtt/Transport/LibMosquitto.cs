using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace EdgeCam.Edge.Mqtt.Transport;

/// <summary>
/// The libmosquitto (Debian <c>libmosquitto1</c>, 2.0.x) entry points EdgeCam uses, and the process-wide
/// <c>mosquitto_lib_init</c>/<c>mosquitto_lib_cleanup</c> reference count. Signatures follow mosquitto.h; C
/// <c>bool</c> is one byte, strings are UTF-8.
/// </summary>
internal static unsafe partial class LibMosquitto
{
    public const string LibraryName = "libmosquitto.so.1";

    // enum mosq_err_t
    public const int Success = 0;
    public const int ErrorNoConnection = 4;
    public const int ErrorConnectionLost = 7;
    public const int ErrorTls = 8;
    public const int ErrorPayloadSize = 9;
    public const int ErrorErrno = 14;

    // enum mosq_opt_t and the MQTT protocol version constants.
    public const int OptionProtocolVersion = 1;
    public const int ProtocolV311 = 4;

    // MOSQ_LOG_ERR: the level at which libmosquitto reports OpenSSL and socket errors.
    public const int LogLevelError = 0x08;

    // OpenSSL SSL_VERIFY_PEER: the only verification mode EdgeCam allows.
    public const int SslVerifyPeer = 1;

    private static readonly Lock InitLock = new();
    private static int s_users;

    /// <summary>One received PUBLISH as libmosquitto hands it to the message callback (freed after the callback returns).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Message
    {
        public int Mid;
        public byte* Topic;
        public byte* Payload;
        public int PayloadLength;
        public int Qos;
        public byte Retain;
    }

    /// <summary>
    /// Loads the library and calls <c>mosquitto_lib_init</c> for the first user in the process; every call must be
    /// paired with <see cref="Release"/>.
    /// </summary>
    /// <exception cref="DllNotFoundException">libmosquitto.so.1 is not installed (message says how to install it).</exception>
    public static void AddRef()
    {
        lock (InitLock)
        {
            if (s_users == 0)
            {
                if (!NativeLibrary.TryLoad(LibraryName, typeof(LibMosquitto).Assembly, null, out _))
                {
                    throw new DllNotFoundException(
                        $"{LibraryName} could not be loaded. The MQTT transport needs the libmosquitto client library: " +
                        "apt-get install libmosquitto1 (or run device/install-deps.sh).");
                }

                var rc = mosquitto_lib_init();
                if (rc != Success)
                {
                    throw new InvalidOperationException("mosquitto_lib_init failed: " + ErrorText(rc, 0));
                }
            }

            s_users++;
        }
    }

    /// <summary>Calls <c>mosquitto_lib_cleanup</c> when the last user in the process goes away.</summary>
    public static void Release()
    {
        lock (InitLock)
        {
            if (s_users > 0 && --s_users == 0)
            {
                _ = mosquitto_lib_cleanup();
            }
        }
    }

    /// <summary>Readable text for a libmosquitto error code (<c>errno</c> text for MOSQ_ERR_ERRNO).</summary>
    public static string ErrorText(int rc, int errno) =>
        rc == ErrorErrno && errno != 0 ? Marshal.GetPInvokeErrorMessage(errno) : Utf8(mosquitto_strerror(rc)) + $" (rc {rc})";

    /// <summary>Readable text for a CONNACK return code.</summary>
    public static string ConnackText(int code) => Utf8(mosquitto_connack_string(code));

    public static string Utf8(byte* text) => text is null ? string.Empty : Marshal.PtrToStringUTF8((nint)text) ?? string.Empty;

    [LibraryImport(LibraryName)]
    private static partial int mosquitto_lib_init();

    [LibraryImport(LibraryName)]
    private static partial int mosquitto_lib_cleanup();

    [LibraryImport(LibraryName)]
    private static partial byte* mosquitto_strerror(int mosqErrno);

    [LibraryImport(LibraryName)]
    private static partial byte* mosquitto_connack_string(int connackCode);

    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial nint mosquitto_new(string? id, [MarshalAs(UnmanagedType.U1)] bool cleanSession, nint obj);

    [LibraryImport(LibraryName)]
    public static partial void mosquitto_destroy(nint mosq);

    [LibraryImport(LibraryName)]
    public static partial int mosquitto_int_option(nint mosq, int option, int value);

    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int mosquitto_username_pw_set(nint mosq, string? username, string? password);

    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int mosquitto_tls_set(nint mosq, string? cafile, string? capath, string? certfile, string? keyfile, nint pwCallback);

    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int mosquitto_tls_opts_set(nint mosq, int certReqs, string? tlsVersion, string? ciphers);

    [LibraryImport(LibraryName)]
    public static partial int mosquitto_tls_insecure_set(nint mosq, [MarshalAs(UnmanagedType.U1)] bool value);

    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int mosquitto_connect_async(nint mosq, string host, int port, int keepalive);

    [LibraryImport(LibraryName)]
    public static partial int mosquitto_disconnect(nint mosq);

    [LibraryImport(LibraryName)]
    public static partial int mosquitto_loop_start(nint mosq);

    [LibraryImport(LibraryName)]
    public static partial int mosquitto_loop_stop(nint mosq, [MarshalAs(UnmanagedType.U1)] bool force);

    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int mosquitto_publish(nint mosq, out int mid, string topic, int payloadlen, byte* payload, int qos, [MarshalAs(UnmanagedType.U1)] bool retain);

    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int mosquitto_subscribe(nint mosq, out int mid, string sub, int qos);

    [LibraryImport(LibraryName)]
    public static partial void mosquitto_connect_callback_set(nint mosq, delegate* unmanaged[Cdecl]<nint, nint, int, void> onConnect);

    [LibraryImport(LibraryName)]
    public static partial void mosquitto_disconnect_callback_set(nint mosq, delegate* unmanaged[Cdecl]<nint, nint, int, void> onDisconnect);

    [LibraryImport(LibraryName)]
    public static partial void mosquitto_publish_callback_set(nint mosq, delegate* unmanaged[Cdecl]<nint, nint, int, void> onPublish);

    [LibraryImport(LibraryName)]
    public static partial void mosquitto_subscribe_callback_set(nint mosq, delegate* unmanaged[Cdecl]<nint, nint, int, int, int*, void> onSubscribe);

    [LibraryImport(LibraryName)]
    public static partial void mosquitto_message_callback_set(nint mosq, delegate* unmanaged[Cdecl]<nint, nint, Message*, void> onMessage);

    [LibraryImport(LibraryName)]
    public static partial void mosquitto_log_callback_set(nint mosq, delegate* unmanaged[Cdecl]<nint, nint, int, byte*, void> onLog);
}
