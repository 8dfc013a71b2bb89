// IoT Hub's file-upload exchange run with the official Azure IoT Node SDK (azure-iot-device from device/tools/node_modules,
// found through NODE_PATH): ask for a blob SAS, then notify the hub. The C# test runs the same steps with EdgeCam's
// IotHubFileUploadSession against the same fake hub and compares the requests both sent.
// Usage: node node-sdk-file-upload.js <httpsPort> <caFile> <deviceConnectionString> <blobName>
'use strict';
const fs = require('fs');
const https = require('https');
const tls = require('tls');
const { Client } = require('azure-iot-device');
const { Mqtt } = require('azure-iot-device-mqtt');

const [port, caFile, connectionString, blobName] = process.argv.slice(2);
const ca = fs.readFileSync(caFile, 'utf8');

// The SDK's HTTP transport always dials port 443 of the hub's host name; this agent takes its sockets to the test hub's
// port on loopback instead (host name and certificate check stay 'localhost').
const agent = new https.Agent({ ca, keepAlive: false });
agent.createConnection = (options) => tls.connect({ ...options, host: '127.0.0.1', port: Number(port), servername: 'localhost', ca });

async function main() {
  const client = Client.fromConnectionString(connectionString, Mqtt);
  await client.setOptions({ ca, http: { agent } });
  const grant = await client.getBlobSharedAccessSignature(blobName);
  console.log(`GRANT ${JSON.stringify(grant)}`);
  await client.notifyBlobUploadStatus(grant.correlationId, true, 201, 'committed');
  console.log('DONE');
}

main().then(() => process.exit(0), (err) => { console.error(err && err.stack ? err.stack : err); process.exit(1); });
