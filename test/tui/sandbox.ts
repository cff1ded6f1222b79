/**
 * A sandbox for the TUI's store: its own HOME, XDG runtime/config/state directories and
 * registries.conf (marking the harness registries insecure, as a user with a plain-http
 * registry would), so tests read and write only their own files. `deps` are the real
 * dependencies (`createBerthDeps`) built on that environment.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBerthDeps, type OwnedBerthDeps } from '../../src/store/index.js';

/** A TUI sandbox. */
export interface TuiSandbox {
  dir: string;
  /** The sandbox's registries.conf (CONTAINERS_REGISTRIES_CONF). */
  conf: string;
  env: NodeJS.ProcessEnv;
  /** The file `berth login` writes here. */
  authFile: string;
  /** The recent-registries file. */
  recentFile: string;
  deps: OwnedBerthDeps;
  remove(): Promise<void>;
}

/** Options for {@link makeTuiSandbox}. */
export interface TuiSandboxOptions {
  /** Registries marked `insecure = true` in the sandbox's registries.conf. */
  insecure?: readonly string[];
  /** More registries.conf text, after those entries (blocked names, mirrors). */
  conf?: string;
  /** Files to create, relative to the sandbox's home. */
  files?: Readonly<Record<string, string>>;
  /** certs.d directories for TLS registries. */
  certDirs?: string[];
}

/** Creates a sandbox and the real deps for it. */
export async function makeTuiSandbox(opts: TuiSandboxOptions = {}): Promise<TuiSandbox> {
  const dir = await mkdtemp(join(tmpdir(), 'berth-tui-'));
  const home = join(dir, 'home');
  const run = join(dir, 'run');
  await mkdir(home, { recursive: true });
  await mkdir(run, { recursive: true, mode: 0o700 });
  const conf = join(dir, 'registries.conf');
  await writeFile(
    conf,
    [
      ...(opts.insecure ?? []).map((r) => `[[registry]]\nlocation = "${r}"\ninsecure = true\n`),
      ...(opts.conf ? [opts.conf] : []),
    ].join('\n'),
  );
  for (const [rel, text] of Object.entries(opts.files ?? {})) {
    const path = join(home, rel);
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(path, text);
  }
  const env: NodeJS.ProcessEnv = {
    HOME: home,
    XDG_RUNTIME_DIR: run,
    CONTAINERS_REGISTRIES_CONF: conf,
    PATH: process.env.PATH,
  };
  const deps = createBerthDeps({
    env,
    homeDir: home,
    http: {
      retry: { minDelayMs: 10, maxDelayMs: 50 },
      ...(opts.certDirs ? { certDirs: opts.certDirs } : { certDirs: [join(dir, 'no-certs.d')] }),
    },
    registriesConf: { systemPath: join(dir, 'none.conf'), systemDir: join(dir, 'none.d') },
  });
  return {
    dir,
    conf,
    env,
    authFile: join(run, 'containers', 'auth.json'),
    recentFile: join(home, '.local', 'state', 'berth', 'recent.json'),
    deps,
    async remove() {
      await deps.close();
      // A state file (recents, saved repositories) may still be being written as a test ends.
      await rm(dir, { recursive: true, force: true, maxRetries: 5 });
    },
  };
}
