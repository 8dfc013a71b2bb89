// A stand-in ONVIF camera for EdgeCam's tests, run as its own process (node, standard library only).
// It answers a WS-Discovery Probe on a loopback UDP port (never multicast) and the Device and Media service calls
// EdgeCam and the agsh `onvif` npm client make, over HTTP on loopback, checking every WS-Security UsernameToken digest.
// The answers follow the shapes of the ONVIF ver10 device/media WSDLs and WS-Discovery 2005/04.
//
// usage: node onvif-camera.js <config.json>
//   config: { name, hardware, username, password, streamBase, profiles: [{ token, name, width, height }],
//             noCapabilities (bool: GetCapabilities faults, GetServices works),
//             clockSkewSeconds (the camera's clock minus the real time; default 0) }
// Like real cameras, it refuses a token whose created time is more than 5 minutes from its own clock.
// prints one line "ready <udpPort> <httpPort>" when both sockets listen; logs each call to stderr.
'use strict';
const fs = require('fs');
const dgram = require('dgram');
const http = require('http');
const crypto = require('crypto');

const config = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const endpoint = 'urn:uuid:' + crypto.randomUUID();
let httpPort = 0;
const cameraNow = () => new Date(Date.now() + (config.clockSkewSeconds || 0) * 1000);

const ns = 'xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" ' +
  'xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery" xmlns:dn="http://www.onvif.org/ver10/network/wsdl" ' +
  'xmlns:tds="http://www.onvif.org/ver10/device/wsdl" xmlns:trt="http://www.onvif.org/ver10/media/wsdl" ' +
  'xmlns:tt="http://www.onvif.org/ver10/schema" xmlns:ter="http://www.onvif.org/ver10/error"';
const envelope = (header, body) => `<?xml version="1.0" encoding="UTF-8"?><s:Envelope ${ns}><s:Header>${header}</s:Header><s:Body>${body}</s:Body></s:Envelope>`;
const text = (xml, tag) => { const m = new RegExp(`<(?:\\w+:)?${tag}(?:\\s[^>]*)?>([^<]*)</(?:\\w+:)?${tag}>`).exec(xml); return m ? m[1].trim() : null; };
const deviceUrl = () => `http://127.0.0.1:${httpPort}/onvif/device_service`;
const mediaUrl = () => `http://127.0.0.1:${httpPort}/onvif/media_service`;

// WS-Discovery: answer a Probe for NetworkVideoTransmitter (or for any type) to its sender, unicast.
const udp = dgram.createSocket('udp4');
udp.on('message', (msg, rinfo) => {
  const xml = msg.toString('utf8');
  const messageId = text(xml, 'MessageID');
  if (!/<(\w+:)?Probe[\s>]/.test(xml) || !messageId) return;
  const types = text(xml, 'Types');
  if (types && !/NetworkVideoTransmitter/.test(types)) return;
  process.stderr.write(`probe from ${rinfo.address}:${rinfo.port}\n`);
  const scopes = [
    'onvif://www.onvif.org/type/video_encoder',
    'onvif://www.onvif.org/Profile/Streaming',
    'onvif://www.onvif.org/name/' + encodeURIComponent(config.name),
    'onvif://www.onvif.org/hardware/' + encodeURIComponent(config.hardware),
  ].join(' ');
  const header = '<a:Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/ProbeMatches</a:Action>' +
    `<a:MessageID>urn:uuid:${crypto.randomUUID()}</a:MessageID><a:RelatesTo>${messageId}</a:RelatesTo>` +
    '<a:To>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:To>';
  const body = `<d:ProbeMatches><d:ProbeMatch><a:EndpointReference><a:Address>${endpoint}</a:Address></a:EndpointReference>` +
    `<d:Types>dn:NetworkVideoTransmitter</d:Types><d:Scopes>${scopes}</d:Scopes><d:XAddrs>${deviceUrl()}</d:XAddrs>` +
    '<d:MetadataVersion>1</d:MetadataVersion></d:ProbeMatch></d:ProbeMatches>';
  udp.send(Buffer.from(envelope(header, body)), rinfo.port, rinfo.address);
});

// WS-Security: Base64(SHA1(nonce + created + password)) must match, for the configured user.
function authorised(xml) {
  const user = text(xml, 'Username');
  const digest = text(xml, 'Password');
  const nonce = text(xml, 'Nonce');
  const created = text(xml, 'Created');
  if (user !== config.username || !digest || !nonce || !created) return false;
  if (Math.abs(Date.parse(created) - cameraNow().getTime()) > 5 * 60 * 1000) return false;
  const expected = crypto.createHash('sha1')
    .update(Buffer.concat([Buffer.from(nonce, 'base64'), Buffer.from(created, 'utf8'), Buffer.from(config.password, 'utf8')]))
    .digest('base64');
  return expected === digest;
}

function fault(res, subcode, reason) {
  res.writeHead(400, { 'Content-Type': 'application/soap+xml; charset=utf-8' });
  res.end(envelope('', `<s:Fault><s:Code><s:Value>s:Sender</s:Value><s:Subcode><s:Value>${subcode}</s:Value></s:Subcode></s:Code>` +
    `<s:Reason><s:Text xml:lang="en">${reason}</s:Text></s:Reason></s:Fault>`));
}

const profileXml = p => `<trt:Profiles token="${p.token}" fixed="true"><tt:Name>${p.name}</tt:Name>` +
  '<tt:VideoSourceConfiguration token="vsc"><tt:Name>vsc</tt:Name><tt:UseCount>1</tt:UseCount><tt:SourceToken>vs0</tt:SourceToken>' +
  `<tt:Bounds x="0" y="0" width="${config.profiles[0].width}" height="${config.profiles[0].height}"/></tt:VideoSourceConfiguration>` +
  `<tt:VideoEncoderConfiguration token="vec_${p.token}"><tt:Name>vec_${p.token}</tt:Name><tt:UseCount>1</tt:UseCount><tt:Encoding>H264</tt:Encoding>` +
  `<tt:Resolution><tt:Width>${p.width}</tt:Width><tt:Height>${p.height}</tt:Height></tt:Resolution><tt:Quality>5</tt:Quality>` +
  '<tt:RateControl><tt:FrameRateLimit>15</tt:FrameRateLimit><tt:EncodingInterval>1</tt:EncodingInterval><tt:BitrateLimit>2048</tt:BitrateLimit></tt:RateControl>' +
  '<tt:H264><tt:GovLength>30</tt:GovLength><tt:H264Profile>Main</tt:H264Profile></tt:H264>' +
  '<tt:SessionTimeout>PT60S</tt:SessionTimeout></tt:VideoEncoderConfiguration></trt:Profiles>';

const operations = {
  GetSystemDateAndTime: () => {
    const now = cameraNow();
    return '<tds:GetSystemDateAndTimeResponse><tds:SystemDateAndTime><tt:DateTimeType>NTP</tt:DateTimeType><tt:DaylightSavings>false</tt:DaylightSavings>' +
      `<tt:UTCDateTime><tt:Time><tt:Hour>${now.getUTCHours()}</tt:Hour><tt:Minute>${now.getUTCMinutes()}</tt:Minute><tt:Second>${now.getUTCSeconds()}</tt:Second></tt:Time>` +
      `<tt:Date><tt:Year>${now.getUTCFullYear()}</tt:Year><tt:Month>${now.getUTCMonth() + 1}</tt:Month><tt:Day>${now.getUTCDate()}</tt:Day></tt:Date></tt:UTCDateTime>` +
      '</tds:SystemDateAndTime></tds:GetSystemDateAndTimeResponse>';
  },
  GetCapabilities: () => config.noCapabilities ? null :
    `<tds:GetCapabilitiesResponse><tds:Capabilities><tt:Device><tt:XAddr>${deviceUrl()}</tt:XAddr></tt:Device>` +
    `<tt:Media><tt:XAddr>${mediaUrl()}</tt:XAddr><tt:StreamingCapabilities><tt:RTPMulticast>false</tt:RTPMulticast><tt:RTP_TCP>true</tt:RTP_TCP><tt:RTP_RTSP_TCP>true</tt:RTP_RTSP_TCP></tt:StreamingCapabilities></tt:Media>` +
    '</tds:Capabilities></tds:GetCapabilitiesResponse>',
  GetServices: () =>
    `<tds:GetServicesResponse><tds:Service><tds:Namespace>http://www.onvif.org/ver10/device/wsdl</tds:Namespace><tds:XAddr>${deviceUrl()}</tds:XAddr><tds:Version><tt:Major>2</tt:Major><tt:Minor>60</tt:Minor></tds:Version></tds:Service>` +
    `<tds:Service><tds:Namespace>http://www.onvif.org/ver10/media/wsdl</tds:Namespace><tds:XAddr>${mediaUrl()}</tds:XAddr><tds:Version><tt:Major>2</tt:Major><tt:Minor>60</tt:Minor></tds:Version></tds:Service>` +
    '</tds:GetServicesResponse>',
  GetProfiles: () => `<trt:GetProfilesResponse>${config.profiles.map(profileXml).join('')}</trt:GetProfilesResponse>`,
  GetVideoSources: () => `<trt:GetVideoSourcesResponse><trt:VideoSources token="vs0"><tt:Framerate>15</tt:Framerate>` +
    `<tt:Resolution><tt:Width>${config.profiles[0].width}</tt:Width><tt:Height>${config.profiles[0].height}</tt:Height></tt:Resolution></trt:VideoSources></trt:GetVideoSourcesResponse>`,
  GetStreamUri: xml => {
    const token = text(xml, 'ProfileToken');
    if (!config.profiles.some(p => p.token === token)) return null;
    return `<trt:GetStreamUriResponse><trt:MediaUri><tt:Uri>${config.streamBase}/${token}</tt:Uri><tt:InvalidAfterConnect>false</tt:InvalidAfterConnect>` +
      '<tt:InvalidAfterReboot>false</tt:InvalidAfterReboot><tt:Timeout>PT0S</tt:Timeout></trt:MediaUri></trt:GetStreamUriResponse>';
  },
};

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', c => chunks.push(c));
  req.on('end', () => {
    const xml = Buffer.concat(chunks).toString('utf8');
    const body = /<(?:\w+:)?Body[^>]*>\s*<(?:\w+:)?(\w+)/.exec(xml);
    const operation = body ? body[1] : '(none)';
    const ok = operation === 'GetSystemDateAndTime' || authorised(xml);
    process.stderr.write(`${req.url} ${operation} ${ok ? 'authorised' : 'REFUSED'}\n`);
    if (!ok) return fault(res, 'ter:NotAuthorized', 'Sender not authorized');
    const answer = operations[operation] ? operations[operation](xml) : null;
    if (answer === null) return fault(res, 'ter:ActionNotSupported', `${operation} not supported`);
    res.writeHead(200, { 'Content-Type': 'application/soap+xml; charset=utf-8' });
    res.end(envelope('', answer));
  });
});

udp.bind(0, '127.0.0.1', () => {
  server.listen(0, '127.0.0.1', () => {
    httpPort = server.address().port;
    process.stdout.write(`ready ${udp.address().port} ${httpPort}\n`);
  });
});
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
