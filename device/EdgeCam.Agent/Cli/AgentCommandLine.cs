namespace EdgeCam.Agent.Cli;

/// <summary>The agent's command line: its usage text (the options are parsed by <see cref="DemoOptions"/> and <see cref="RunOptions"/>).</summary>
public static class AgentCommandLine
{
    public const string Usage = """
        usage: edgecam-agent demo [options]
               edgecam-agent run [options]
               edgecam-agent doctor [options]
               edgecam-agent cameras discover|add|list|remove [options]
               edgecam-agent firmware keygen|pack|sign [options]
               edgecam-agent decrypt --key <owner private key PEM> [--metadata <json>] <blob URL | file> <out>
               edgecam-agent encryption-key --out <dir>
               edgecam-agent console set-password [options] < password

        Runs the whole EdgeCam pipeline in one process (CameraCapture, SegmentRecorder, BlobBuffer, EventRouter),
        routed by deployment.template.json. 'demo' plays a camera to its end, then prints a summary; 'run' runs until
        stopped (SIGTERM, Ctrl+C), as an IoT Hub device when it has an identity.

        demo options:
          --source <file|url>     play this video file (or RTSP URL / /dev/videoN) instead of the synthetic camera
          --duration <seconds>    length of the synthetic camera (default 60)
          --fast                  play the source as fast as possible instead of in real time
          --data <dir>            where the shared volume, alerts.jsonl and summary.json go (default .edgecam/demo)
          --template <file>       the deployment template (default ./deployment.template.json)
          --azurite <dir>         folder holding node_modules/azurite: start Azurite and upload clips to it
          --no-azurite            do not start Azurite; without --storage, clips go to <data>/volume/uploaded
          --storage <connection>  upload to this Azure Storage account: a connection string or a container SAS URL
                                  (or set EDGECAM_STORAGE_CONNECTION_STRING / EDGECAM_STORAGE_SAS_URL)
          --settle-timeout <s>    how long to wait for clips and uploads after the camera ended (default 60)
          --console               also serve the web console (http://127.0.0.1:8480: live view, events, clips, health)
                                  and keep it up after the summary until Ctrl+C; --console-port <n> for another port

        run options:
          --template <file>              the deployment template (default ./deployment.template.json)
          --data <dir>                   shared volume, outbox, caches, alerts.jsonl (default .edgecam/agent)
          --connection-string <cs>       IoT Hub device identity (or set EDGECAM_DEVICE_CONNECTION_STRING)
          --dps-id-scope <scope>         register with DPS (symmetric key) instead; with --dps-registration-id and
          --dps-registration-id <id>     --dps-key <key> (individual enrollment, or EDGECAM_DPS_KEY) or
          --dps-key <key>                --dps-group-key <key> (group enrollment: the device key is derived;
          --dps-group-key <key>          or EDGECAM_DPS_GROUP_KEY)
          --dps-host <host>              DPS endpoint (default global.azure-devices-provisioning.net)
          --ca-file <pem>                CA for IoT Hub and DPS TLS (default: the system store)
          --port <n>                     MQTT port of IoT Hub and DPS (default 8883)
          --https-port <n>               HTTPS port of IoT Hub, for --storage iothub (default 443)
          --storage <connection>         storage for BlobBuffer: iothub (IoT Hub file upload with the device identity:
                                         no storage credential on the device), a connection string or a container SAS URL
                                         (or EDGECAM_STORAGE=iothub / EDGECAM_STORAGE_CONNECTION_STRING / EDGECAM_STORAGE_SAS_URL)
          --console                      serve the web console (live view, events, clips, health, settings) on port
                                         EDGECAM_CONSOLE_PORT (default 8480): loopback only until a password is set;
                                         HTTPS with EDGECAM_CONSOLE_TLS_CERT (PEM) and EDGECAM_CONSOLE_TLS_KEY
          --firmware-root <dir>          the install root (/opt/edgecam: releases/, current) for over-the-air updates
                                         of the agent from the device twin's "firmware" section (or EDGECAM_FIRMWARE_ROOT)
          With an identity the device twin's desired { "<Module>": {...} } sections override the template per module
          and alerts go to IoT Hub through an outbox on disk; without one, alerts go to the console and alerts.jsonl.

        cameras (ONVIF IP cameras; the list is <data>/cameras.json, one CameraCapture module per camera at the next run):
          discover                       WS-Discovery probe, then each camera's profiles: main (highest resolution,
                                         recorded) and sub (lowest, watched for motion) stream
          add <http://…/device_service|N>  add the camera at that address, or number N of the last discover
          list                           the cameras the agent runs, and which have a sub stream for motion
          remove <id>                    take the camera with that id off the list
          --probe-address <ip[:port]>    probe this address instead of the multicast group 239.255.255.250:3702
          --timeout <seconds>            how long to collect answers (default 3)
          --user <name>                  ONVIF user (WS-Security digest); with --password-env <VAR>, the variable
          --password-env <VAR>           holding the password (also written into the stream URLs for RTSP)
          --id <id>                      add: the camera id (default from its ONVIF name)
          --data <dir>                   the agent's data directory (default .edgecam/agent)

        doctor options (one line per check: what is wrong and what to do; exit 0 none failed, 1 a check failed):
          --data <dir>                   check free space (--min-free-mb, default 512) and writability here
          --connection-string <cs>       check IoT Hub (or its gateway) accepts TCP on --port (or EDGECAM_DEVICE_CONNECTION_STRING)
          --dps-id-scope <scope>         check --dps-host accepts TCP on --port instead
          --storage <connection>         check the storage credential and that its endpoint accepts TCP
          --camera <device>              check the camera device node (e.g. /dev/video0) opens for reading
          --gpio                         check a /dev/gpiochipN is present
          --night-vision                 check CameraCapture's night vision (the template's settings with the cached device
                                         twin over them): the settings fit together, the IR lines exist and are free, the
                                         light sensor answers (stop a running agent first: it holds the lines)
          --template <file>              the deployment template (default: ./deployment.template.json)

        console set-password (the web console's password; read from the first line of standard input, stored as a
        PBKDF2 hash; a console with a password listens on every interface and asks for it):
          --data <dir>                   the agent's data directory (default .edgecam/agent): the hash goes to
                                         <data>/volume/console/password.hash
          --password-file <file>         store it here instead (or EDGECAM_CONSOLE_PASSWORD_FILE)

        firmware (the release owner's side of over-the-air updates; see device/README.md):
          keygen --out <dir>                       a P-256 key pair: firmware-signing-key.pem (private), firmware-public-key.pem
          pack --release <publish dir> --version <v> --public-key <pem> --out <file.tar.gz>
                                                   stamp the version and public key into a published agent and pack it
          sign --private-key <pem> --package <file.tar.gz> [--url <package URL>]
                                                   print the device twin's desired "firmware" section (sha256, signature)

        decrypt / encryption-key (the owner's side of BlobBuffer's encryption; see modules/BlobBuffer/README.md "Encryption"):
          decrypt --key <pem> <url> <out>          download a blob through a URL that carries a SAS (a read link from an
                                                   alert) and decrypt it with Azure.Storage.Blobs (client-side encryption 2.0)
          decrypt --key <pem> [--metadata <json>] <file> <out>
                                                   decrypt a blob downloaded as it is; its metadata as JSON (name → value, as
                                                   'az storage blob metadata show' prints it) from --metadata or <file>.metadata.json
                                                   (an encrypted PEM key: its passphrase in EDGECAM_OWNER_KEY_PASSWORD)
          encryption-key --out <dir>               an RSA-3072 key pair: owner-private-key.pem (keep it off devices),
                                                   owner-public-key.pem, and the BlobBuffer twin section that enables it

        exit codes: 0 done, 1 did not finish in time, 2 bad input, 3 clips still buffered (upload refused or offline),
                    10 run: switched to a new firmware release (restart me), 11 run: firmware trial not healthy in time
        """;
}
