// floor-undici.mjs's program with Node's own node:http and node:https instead of undici: the
// least a Node process can pay for `inspect`'s requests. berth's stack uses undici.
// Usage: node floor-node-http.mjs HOST REPO TAG
import { createHash } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';

const [host, repo, tag] = process.argv.slice(2);
const [hostname, port] = host.split(':');
const ACCEPT =
  'application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json';

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
const manifest = await get(lib, agent, `/v2/${repo}/manifests/${tag}`, ACCEPT);
const digest = `sha256:${createHash('sha256').update(manifest.body).digest('hex')}`;
if (manifest.headers['docker-content-digest'] && manifest.headers['docker-content-digest'] !== digest)
  throw new Error('manifest digest mismatch');
const doc = JSON.parse(manifest.body.toString());
const [config, tags] = await Promise.all([
  get(lib, agent, `/v2/${repo}/blobs/${doc.config.digest}`),
  get(lib, agent, `/v2/${repo}/tags/list`),
]);
const cfg = JSON.parse(config.body.toString());
const out = {
  Name: `${host}/${repo}`,
  Digest: digest,
  RepoTags: JSON.parse(tags.body.toString()).tags,
  Created: cfg.created,
  Architecture: cfg.architecture,
  Os: cfg.os,
  Layers: doc.layers.map((l) => l.digest),
  Env: cfg.config?.Env ?? null,
};
process.stdout.write(`${JSON.stringify(out, null, 4)}\n`);
agent.destroy();
