# A real RTSP server for EdgeCam's tests: GStreamer's RTSP server (Debian: gir1.2-gst-rtsp-server-1.0, python3-gi,
# gstreamer1.0-plugins-base/-good) serving one H.264 MP4 at rtsp://127.0.0.1:<port>/<mount> over TCP or UDP.
# Each client gets the file from its start. Prints "ready <port>" once listening (port 0 picks a free one).
# Usage: rtsp_serve.py FILE.mp4 MOUNT [PORT]
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402

Gst.init(None)
path, mount = sys.argv[1], sys.argv[2]
port = sys.argv[3] if len(sys.argv) > 3 else "0"

server = GstRtspServer.RTSPServer()
server.set_address("127.0.0.1")
server.set_service(port)
factory = GstRtspServer.RTSPMediaFactory()
location = path.replace("\\", "\\\\").replace('"', '\\"')
factory.set_launch(f'( filesrc location="{location}" ! qtdemux ! rtph264pay name=pay0 pt=96 config-interval=1 )')
server.get_mount_points().add_factory("/" + mount, factory)
if server.attach(None) == 0:
    print("cannot listen on 127.0.0.1:" + port, file=sys.stderr, flush=True)
    sys.exit(1)
print(f"ready {server.get_bound_port()}", flush=True)
GLib.MainLoop().run()
