// The agsh `onvif` npm client (an ONVIF implementation EdgeCam did not write) reading a camera: prints one JSON line
// { profiles: [{ token, width, height, uri }] } so a test can compare its answers with EdgeCam's client.
// usage: NODE_PATH=device/tools/node_modules node onvif-reference-client.js <host> <port> <user> <password>
'use strict';
const { Cam } = require('onvif');

const [host, port, username, password] = process.argv.slice(2);
new Cam({ hostname: host, port: Number(port), username, password, timeout: 10000 }, function (err) {
  if (err) { process.stderr.write(`connect failed: ${err.message}\n`); process.exit(1); }
  const profiles = this.profiles;
  const out = [];
  const next = i => {
    if (i === profiles.length) { process.stdout.write(JSON.stringify({ profiles: out }) + '\n'); process.exit(0); }
    const p = profiles[i];
    this.getStreamUri({ protocol: 'RTSP', profileToken: p.$.token }, (e, stream) => {
      if (e) { process.stderr.write(`GetStreamUri failed: ${e.message}\n`); process.exit(1); }
      const r = p.videoEncoderConfiguration.resolution;
      out.push({ token: p.$.token, width: r.width, height: r.height, uri: stream.uri });
      next(i + 1);
    });
  };
  next(0);
});
