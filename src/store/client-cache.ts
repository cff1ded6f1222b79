/**
 * The registry clients the slices share. registries.conf is applied here, as the command
 * line's context applies it (`registryAccess` decides for both): a blocked registry or
 * repository is refused when a client is asked for, so the request that asked fails with
 * containers/image's message on the screen; `insecure = true` turns TLS verification off
 * unless the user chose for that registry; and an image is opened through the mirrors
 * registries.conf names for it, then the registry. Clients are cached per registry, TLS
 * decision and retry mode (as the command line caches them), so repositories of one
 * registry share a session and its tokens.
 */
import { type RegistriesConf, registryAccess } from '../registry/config/index.js';
import type { RegistryClient } from '../registry/remote/index.js';
import type { BerthDeps } from './deps.js';
import type { BerthState, ClientCache } from './types.js';

/** Options for {@link createClientCache}. */
export interface ClientCacheOptions {
  deps: BerthDeps;
  get: () => BerthState;
}

/** Creates the store's client cache. */
export function createClientCache(opts: ClientCacheOptions): ClientCache {
  const { deps, get } = opts;
  const cache = new Map<string, RegistryClient>();
  // A broken registries.conf refuses every request (its message on the screen that asked), as
  // the command line does; the Registries screen still lists what it can and reports the file.
  const rules = (): RegistriesConf | undefined => deps.registriesConf();

  const clients: ClientCache = {
    get(registry, o = {}) {
      const chosen = get().tlsOff[registry] === true ? false : o.tlsVerify;
      const { insecure } = registryAccess({
        rules: rules(),
        registry,
        ...(o.repository ? { repository: o.repository } : {}),
        ...(chosen !== undefined ? { tlsVerify: chosen } : {}),
      });
      const probe = o.probe === true;
      const key = `${registry}\n${insecure}\n${probe}`;
      let client = cache.get(key);
      if (!client) {
        client = deps.clientFor(registry, {
          ...(o.repository ? { repository: o.repository } : {}),
          tlsVerify: !insecure,
          ...(probe ? { probe } : {}),
          onRateLimit: (limit) => get().noteRateLimit(registry, limit),
        });
        cache.set(key, client);
      }
      return client;
    },

    forImage(image) {
      const named = image.transport === 'docker' ? image.ref.registry : undefined;
      return {
        registryClient: (registry, repository) => clients.get(registry, { repository }),
        pullClient: (source, { probe }) =>
          clients.get(source.registry, {
            repository: source.repository,
            // TLS off for the registry named covers its mirrors, as `--tls-verify=false` does
            // on the command line; otherwise each endpoint's own `insecure` decides.
            tlsVerify: named !== undefined && get().tlsOff[named] === true ? false : !source.insecure,
            probe,
          }),
      };
    },

    forget(registry) {
      for (const key of [...cache.keys()]) if (key.startsWith(`${registry}\n`)) cache.delete(key);
    },
  };
  return clients;
}
