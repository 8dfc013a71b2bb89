// Runs the ONVIF server mock-up that ships in the agsh `onvif` npm package, version 0.6.5 (installed in device/tools
// under the alias `onvif-mockup`; its test/serverMockup.coffee is compiled on load by coffeescript 1.x). The mock-up is
// that project's own test camera: it answers WS-Discovery on UDP 3702 after joining 239.255.255.250, and every SOAP
// call with the answer a real camera gave (test/serverMockup/<call>.xml). EdgeCam's code did not write a byte of it;
// this file only starts it and says when it listens. It binds every interface, so it only ever runs inside a network
// namespace that a test made.
//
// usage: node onvif-npm-mockup.js <device/tools directory> <advertised host> <http port>
// prints "ready" once the discovery socket and the HTTP server both listen; ends when stdin closes.
'use strict';
const path = require('path');

const [toolsDirectory, host, port] = process.argv.slice(2);
process.env.HOSTNAME = host;
process.env.PORT = port;
require(path.join(toolsDirectory, 'node_modules', 'coffeescript', 'register'));
const mockup = require(path.join(toolsDirectory, 'node_modules', 'onvif-mockup', 'test', 'serverMockup.coffee'));

let waiting = 2;
const listening = () => { if (--waiting === 0) process.stdout.write('ready\n'); };
if (mockup.server.listening) listening(); else mockup.server.once('listening', listening);
mockup.discover.once('listening', listening);
process.stdin.on('end', () => { mockup.close(); process.exit(0); });
process.stdin.resume();
