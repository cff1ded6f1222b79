// The part of the inspect floors (floor-undici.mjs, floor-node-http.mjs) that does not depend
// on the HTTP client: once a scheme answers the /v2/ ping, the manifest and its digest, then
// config and tag list together, and the JSON. `get(path, accept)` resolves with the body and
// headers of a 200 response.
import { createHash } from 'node:crypto';

const ACCEPT =
  'application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json';

export async function floorInspect({ host, repo, tag, get }) {
  const manifest = await get(`/v2/${repo}/manifests/${tag}`, ACCEPT);
  const digest = `sha256:${createHash('sha256').update(manifest.body).digest('hex')}`;
  const claimed = manifest.headers['docker-content-digest'];
  if (claimed && claimed !== digest) throw new Error('manifest digest mismatch');
  const doc = JSON.parse(manifest.body.toString());
  const [config, tags] = await Promise.all([
    get(`/v2/${repo}/blobs/${doc.config.digest}`),
    get(`/v2/${repo}/tags/list`),
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
}
