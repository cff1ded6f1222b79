/**
 * registries.conf for the command line: loaded on the first question (most commands that
 * never reach a registry never read it), once per process, with what was read shown under
 * `--debug`. A broken file fails every question the same way, as in skopeo.
 */
import { loadRegistriesConf, type RegistriesConf } from '../registry/config/index.js';
import type { RegistryPolicy } from './context.js';

export interface LazyRegistriesOptions {
  env: NodeJS.ProcessEnv;
  /** skopeo's hidden `--registries-conf FILE`. */
  path?: string;
  debug(message: string): void;
}

/** The `RegistryPolicy` of the CLI context, plus the full configuration for commands that need more. */
export interface CliRegistries extends RegistryPolicy {
  conf(): RegistriesConf;
}

export function lazyRegistries(opts: LazyRegistriesOptions): CliRegistries {
  let loaded: { conf: RegistriesConf } | { error: unknown } | undefined;
  const conf = (): RegistriesConf => {
    if (!loaded) {
      try {
        const c = loadRegistriesConf({ env: opts.env, ...(opts.path ? { path: opts.path } : {}) });
        opts.debug(
          `registries.conf: loaded ${c.files.length > 0 ? c.files.join(', ') : 'no files'} (from ${c.describeSources()})`,
        );
        loaded = { conf: c };
      } catch (error) {
        loaded = { error };
      }
    }
    if ('error' in loaded) throw loaded.error;
    return loaded.conf;
  };
  return {
    conf,
    isInsecure: (name) => conf().isInsecure(name),
    isBlocked: (name) => conf().isBlocked(name),
    assertNotBlocked: (name) => conf().assertNotBlocked(name),
    pullSources: (ref) => conf().pullSources(ref),
  };
}
