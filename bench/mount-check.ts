import { join } from 'node:path';
import { type ProxyRequest, startFaultProxy } from '../test/harness/index.js';
import type { BenchContext, Tool } from './context.js';
import { note } from './context.js';
import { fixtureRepository } from './copy-cases.js';
import { measure } from './measure.js';
import { expectRegistryImage } from './verify.js';

/** What one copy through the counting proxy did. */
interface Traffic {
  /** GETs of layer blobs (the config is small and some tools read it anyway). */
  layerGets: number;
  /** Bytes of layer blobs the client downloaded (sizes from the fixture). */
  layerBytesDownloaded: number;
  /** Upload PUTs naming a layer digest, and PATCHes (which name none). */
  layerUploads: number;
  /** Blob requests of any kind for the config. */
  configRequests: number;
  mounts: number;
}

/**
 * The "a same-registry copy moves no layer bytes" check, apart from the timings: each tool copies
 * image A to a new repository of the same registry through a counting proxy (the harness's fault
 * proxy with no faults armed), twice. Every blob GET and every upload PUT/PATCH is counted.
 * skopeo's first copy goes through a host its blob-info cache has never seen, so it shows what a
 * first skopeo copy does; berth keeps no such cache and must mount on every copy.
 */
export async function runMountCheck(ctx: BenchContext): Promise<void> {
  const image = ctx.opts.images[0]!;
  const fixture = ctx.images[image]!;
  const sizes = new Map<string, number>(fixture.layers.map((l) => [l.digest, l.size]));
  const proxy = await startFaultProxy({ target: ctx.src.url, signal: ctx.signal });
  const tools: Tool[] = ctx.berthCommands.has('copy') ? ['berth', 'skopeo'] : ['skopeo'];
  const lines = [
    `Image ${image} (${fixture.blobDigests.length} blobs, ${(fixture.totalBytes / 2 ** 20).toFixed(0)} MiB) copied within one registry through a counting proxy:`,
    '',
    '| tool | copy | layer GETs | layer bytes downloaded | layer uploads (PUT/PATCH) | mounts (201) | config GET/upload requests | verdict |',
    '|---|---|---:|---:|---:|---:|---:|---|',
  ];
  try {
    for (const tool of tools) {
      for (const attempt of [1, 2]) {
        proxy.reset();
        const dstRepo = `mount-check/${tool}-${attempt}/${image.toLowerCase()}`;
        const src = `docker://${proxy.host}/${fixtureRepository(image)}:latest`;
        const dst = `docker://${proxy.host}/${dstRepo}:latest`;
        const prefix = tool === 'skopeo' ? ['skopeo'] : ctx.berth();
        await measure({
          time: ctx.tools.time,
          argv: [...prefix, 'copy', '--src-tls-verify=false', '--dest-tls-verify=false', src, dst],
          logFile: join(ctx.logDir, `mount-check-${tool}.log`),
          env: ctx.env,
          signal: ctx.signal,
        });
        await expectRegistryImage(ctx.src, dstRepo, 'latest', fixture.manifestDigest);
        const t = traffic(proxy.requests, sizes, fixture.configDigest);
        const none = t.layerBytesDownloaded === 0 && t.layerUploads === 0;
        const verdict = none ? 'no layer bytes moved' : 'layer bytes moved';
        const mib = (t.layerBytesDownloaded / 2 ** 20).toFixed(1);
        const which = attempt === 1 ? 'first' : 'second';
        lines.push(
          `| ${tool} | ${which} | ${t.layerGets} | ${mib} MiB | ${t.layerUploads} | ${t.mounts} | ${t.configRequests} | ${verdict} |`,
        );
        ctx.log(`mount-check ${tool} #${attempt}: ${JSON.stringify(t)}`);
      }
    }
  } finally {
    await proxy.stop();
  }
  note(ctx, 'mount-check', lines.join('\n'));
}

/**
 * Tallies the proxy's log. An upload session (`…/blobs/uploads/UUID`) may PATCH before its final
 * `PUT ?digest=`, so sessions are attributed to a blob by the digest their PUT names.
 */
function traffic(requests: readonly ProxyRequest[], sizes: Map<string, number>, config: string): Traffic {
  const t: Traffic = { layerGets: 0, layerBytesDownloaded: 0, layerUploads: 0, configRequests: 0, mounts: 0 };
  const sessions = new Map<string, { requests: number; digest?: string }>();
  for (const r of requests) {
    const path = r.url.split('?')[0] ?? '';
    if (r.method === 'POST' && r.url.includes('mount=') && r.status === 201) t.mounts++;
    if ((r.method === 'PUT' || r.method === 'PATCH') && /\/blobs\/uploads\/[^/]+$/.test(path)) {
      const session = sessions.get(path) ?? { requests: 0 };
      session.requests++;
      const digest = /[?&]digest=(sha256(?::|%3A)[0-9a-f]{64})/i.exec(r.url)?.[1]?.replace(/%3A/i, ':');
      if (digest) session.digest = digest;
      sessions.set(path, session);
      continue;
    }
    const blob = /\/blobs\/(sha256:[0-9a-f]{64})$/.exec(path)?.[1];
    if (r.method !== 'GET' || !blob) continue;
    if (blob === config) t.configRequests++;
    else if (sizes.has(blob)) {
      t.layerGets++;
      if (r.status === 200) t.layerBytesDownloaded += sizes.get(blob) ?? 0;
    }
  }
  for (const session of sessions.values()) {
    if (session.digest === config) t.configRequests += session.requests;
    else t.layerUploads += session.requests;
  }
  return t;
}
