/**
 * Watches the manifest requests a store's registry clients send: every HEAD and GET by
 * reference, how many HEADs are in flight at once, and which were aborted; HEADs can be
 * held at a gate until `release()`, to look at the store while they wait.
 */
import type { BerthDeps } from '../../src/store/index.js';

export interface ManifestProbe {
  heads: string[];
  gets: string[];
  inflight: number;
  maxInflight: number;
  /** References of the HEADs whose signal aborted. */
  aborted: string[];
  release(): void;
}

/** `deps` with its clients watched by the returned probe. */
export function probeManifests(
  deps: BerthDeps,
  opts: { gate?: boolean } = {},
): {
  deps: BerthDeps;
  probe: ManifestProbe;
} {
  let release = (): void => {};
  const gate = opts.gate ? new Promise<void>((r) => (release = r)) : Promise.resolve();
  const probe: ManifestProbe = {
    heads: [],
    gets: [],
    inflight: 0,
    maxInflight: 0,
    aborted: [],
    release: () => release(),
  };
  const watched: BerthDeps = {
    ...deps,
    clientFor(registry, req) {
      const client = deps.clientFor(registry, req);
      const head = client.headManifest.bind(client);
      const get = client.getManifest.bind(client);
      client.headManifest = async (o) => {
        probe.inflight++;
        probe.maxInflight = Math.max(probe.maxInflight, probe.inflight);
        probe.heads.push(o.reference);
        try {
          await new Promise<void>((resolve, reject) => {
            gate.then(resolve);
            o.signal?.addEventListener('abort', () => {
              probe.aborted.push(o.reference);
              reject(o.signal?.reason);
            });
          });
          return await head(o);
        } finally {
          probe.inflight--;
        }
      };
      client.getManifest = (o) => {
        probe.gets.push(o.reference);
        return get(o);
      };
      return client;
    },
  };
  return { deps: watched, probe };
}
