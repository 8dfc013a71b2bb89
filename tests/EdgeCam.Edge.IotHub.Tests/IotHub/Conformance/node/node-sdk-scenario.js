// The conformance scenario run with the official Azure IoT Node SDK (azure-iot-device + azure-iot-device-mqtt from
// device/tools/node_modules, found through NODE_PATH). The C# test runs the same steps with EdgeCam's client against
// the same broker and test hub, and compares what both put on the wire.
// Usage: node node-sdk-scenario.js <tlsPort> <caFile> <base64Key>
'use strict';
const fs = require('fs');
const { Client, ModuleClient, Message } = require('azure-iot-device');
const { Mqtt } = require('azure-iot-device-mqtt');

const [port, caFile, key] = process.argv.slice(2);
const ca = fs.readFileSync(caFile, 'utf8');
const host = `localhost:${port}`; // the SDK always dials 8883 unless the port is in HostName

async function main() {
  const device = Client.fromConnectionString(`HostName=${host};DeviceId=dev1;SharedAccessKey=${key}`, Mqtt);
  await device.setOptions({ ca }); // must be awaited, or the client connects before the CA applies
  await device.open();
  const methodCalled = new Promise((resolve) => {
    device.onDeviceMethod('snapshot', (request, response) => response.send(200, { url: 'snap.jpg' }, () => resolve()));
  });
  const twin = await device.getTwin();
  twin.on('properties.desired', () => {});
  const telemetry = new Message('{"motion":true,"score":0.83}');
  telemetry.messageId = 'msg-1';
  telemetry.correlationId = 'corr-1';
  telemetry.contentType = 'application/json';
  telemetry.contentEncoding = 'utf-8';
  telemetry.properties.add('eventType', 'motion');
  telemetry.properties.add('camera id', 'cam 1/a');
  await device.sendEvent(telemetry);
  await new Promise((resolve, reject) => twin.properties.reported.update({ firmware: '1.0.0', cameras: { cam1: { state: 'recording' } } }, (err) => (err ? reject(err) : resolve())));
  console.log('READY-FOR-METHOD');
  await Promise.race([methodCalled, new Promise((_, reject) => setTimeout(() => reject(new Error('no method call within 15 s')), 15000))]);
  await device.close();

  const module = ModuleClient.fromConnectionString(`HostName=${host};DeviceId=dev1;ModuleId=camera;SharedAccessKey=${key}`, Mqtt);
  await module.setOptions({ ca });
  await module.open();
  module.on('inputMessage', () => {});
  module.onMethod('noop', (request, response) => response.send(200, {}));
  const moduleTwin = await module.getTwin();
  moduleTwin.on('properties.desired', () => {});
  const output = new Message('{"clip":"cam1_0001.mp4"}');
  output.messageId = 'out-1';
  output.properties.add('eventType', 'clip');
  await module.sendOutputEvent('clips', output);
  await new Promise((resolve) => setTimeout(resolve, 300)); // let the lazy subscriptions reach the broker log
  await module.close();
  console.log('DONE');
}

main().then(() => process.exit(0), (err) => { console.error(err && err.stack ? err.stack : err); process.exit(1); });
