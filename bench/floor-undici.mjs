// A floor for `inspect` (bench/startup-case.ts): only the protocol work of
// `inspect --tls-verify=false docker://HOST/REPO:TAG`, written as directly as undici allows
// — https tried first and plain http on a TLS failure, the /v2/ ping, the manifest, then
// config and tag list together, the manifest's digest checked, JSON out — and no flags,
// configuration files, credentials, retries or error messages. Bundled by the bench like
// dist/berth.mjs (but without its code cache and start-up patches), it shows what any Node
// program doing this with undici pays; floor-node-http.mjs does the same with node:http.
// Usage: node floor-undici.mjs HOST REPO TAG
import { setFlagsFromString } from 'node:v8';
import request from 'undici/lib/api/api-request.js';
import Client from 'undici/lib/dispatcher/client.js';
import { floorInspect } from './floor-inspect.mjs';

// As src/registry/http/undici-parts.ts: the promise API without undici's index.
Client.prototype.request = request;

// As dist/berth.mjs does (src/cli/boot/boot.ts): without it, exit waits for V8 to re-optimise
// undici's WebAssembly HTTP parser, ~60 ms here. Set before the first connection compiles it.
setFlagsFromString('--liftoff-only');

const [host, repo, tag] = process.argv.slice(2);

async function get(client, path, accept = '*/*') {
  const res = await client.request({ method: 'GET', path, headers: { accept } });
  const body = Buffer.from(await res.body.arrayBuffer());
  if (res.statusCode !== 200) throw new Error(`GET ${path}: ${res.statusCode}`);
  return { body, headers: res.headers };
}

let client = new Client(`https://${host}`, { connect: { rejectUnauthorized: false }, maxHeaderSize: 65536 });
try {
  await get(client, '/v2/');
} catch {
  await client.destroy();
  client = new Client(`http://${host}`, { maxHeaderSize: 65536, pipelining: 1 });
  await get(client, '/v2/');
}
await floorInspect({ host, repo, tag, get: (path, accept) => get(client, path, accept) });
await client.close();
