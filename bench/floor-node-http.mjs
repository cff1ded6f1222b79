// floor-undici.mjs's program with Node's own node:http and node:https instead of undici: the
// least a Node process can pay for `inspect`'s requests. berth's stack uses undici.
// Usage: node floor-node-http.mjs HOST REPO TAG
import http from 'node:http';
import https from 'node:https';
import { floorInspect } from './floor-inspect.mjs';

const [host, repo, tag] = process.argv.slice(2);
const [hostname, port] = host.split(':');

function get(lib, agent, path, accept = '*/*') {
  return new Promise((resolve, reject) => {
    const req = lib.get(
      { hostname, port, path, agent, headers: { accept }, rejectUnauthorized: false },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () =>
          res.statusCode === 200
            ? resolve({ body: Buffer.concat(chunks), headers: res.headers })
            : reject(new Error(`GET ${path}: ${res.statusCode}`)),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
  });
}

let lib = https;
let agent = new https.Agent({ keepAlive: true });
try {
  await get(lib, agent, '/v2/');
} catch {
  agent.destroy();
  lib = http;
  agent = new http.Agent({ keepAlive: true });
  await get(lib, agent, '/v2/');
}
await floorInspect({ host, repo, tag, get: (path, accept) => get(lib, agent, path, accept) });
agent.destroy();
