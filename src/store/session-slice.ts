/**
 * The session slice: which registries berth knows (see `registry-list.ts`), which one is
 * open, who berth is there and where that credential came from, Docker Hub's rate limit when
 * seen, and logging in and out. Login is `berth login`'s flow, step for step: the REGISTRY
 * is parsed the same way, the credentials are proved against the registry (with the TLS
 * choice of the form), and only then written to the same file (or credential helper).
 */
import type { CredentialSource } from '../registry/auth/index.js';
import { normalizeRegistryHost } from '../registry/auth/index.js';
import {
  checkCredentials,
  checkRuntimeDir,
  eraseCredential,
  InvalidCredentialsError,
  listStoredLogins,
  parseCredentialsKey,
  storeCredential,
} from '../registry/login/index.js';
import type { ImageName } from '../registry/ref/index.js';
import type { RateLimit } from '../registry/remote/index.js';
import { recentLayoutOf } from './recent-registries.js';
import { buildRegistryList, type RegistryEntry } from './registry-list.js';
import { asError } from './requests.js';
import type { SliceContext } from './types.js';

/** Loading state of something fetched once (as opposed to a paged list). */
export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

/** Who berth is at a registry, for the status bar. Never holds a secret. */
export interface WhoamiState {
  status: 'loading' | 'ready' | 'error';
  username?: string;
  source?: CredentialSource;
  error?: Error;
}

/** The login form's progress. */
export interface LoginState {
  registry: string;
  status: 'checking' | 'failed' | 'done';
  /** Why it failed, as `berth login` would say it. */
  error?: string;
}

/** What the login form submits. */
export interface LoginInput {
  registry: string;
  username: string;
  password: string;
  /** false: plain http and unverified TLS allowed for the check (and the session after it). */
  tlsVerify: boolean;
}

/** The session slice. */
export interface SessionSlice {
  readOnly: boolean;
  registries: readonly RegistryEntry[];
  registriesStatus: LoadStatus;
  registriesError: Error | undefined;
  /** The registry being browsed. */
  currentRegistry: string | undefined;
  whoami: Readonly<Record<string, WhoamiState>>;
  /** The last Docker Hub rate limit seen. */
  rateLimit: { registry: string; limit: RateLimit; at: number } | undefined;
  /** Registries whose TLS verification the user turned off this session (or earlier, per recents). */
  tlsOff: Readonly<Record<string, true>>;
  /** Registries added this session. */
  added: readonly { registry: string; tlsVerify?: false }[];
  login: LoginState | undefined;

  /** Reads the credential files, registries.conf and recents (registries and layouts) into `registries`. */
  loadRegistries(): Promise<void>;
  /** Adds a registry typed by the user; returns why it cannot be added, or undefined. */
  addRegistry(input: { registry: string; tlsVerify: boolean }): string | undefined;
  /** Opens a registry (its repositories) or a layout (its tags), remembering the use. */
  openRegistry(id: string): void;
  /**
   * Makes `registry` the one being browsed, looks up who berth is there, and remembers it as
   * recently used. Every way of getting to a registry (opening it, `:`, the command line's
   * image) comes through here, so the status bar always says who you are where you are, and
   * the registries screen lists it next time.
   */
  enterRegistry(registry: string): void;
  /**
   * Enters the local layout of `image`: no registry is being browsed any more (the status bar
   * stops naming the last one), and the layout is remembered as recently opened (an `oci:`
   * layout that is there; nothing else can be listed again). Opening one from the list and `:`
   * come through here; the command line's image is remembered when the store is created.
   */
  enterLayout(image: ImageName): void;
  /**
   * Looks up who berth is at `registry` (a tracked request: Ctrl-C cancels a credential
   * helper that hangs, and a newer lookup for the same registry replaces an older one).
   */
  refreshWhoami(registry: string): Promise<void>;
  /** Opens the login form for `registry`, forgetting how the last attempt went. */
  beginLogin(registry: string): void;
  /** Checks the credentials, then stores them; resolves to whether the login succeeded. */
  logIn(input: LoginInput): Promise<boolean>;
  /** Removes the stored login for `registry` from the file (or its helper). */
  logOut(registry: string): Promise<void>;
  /** Called by clients when a response carries `ratelimit-*` headers. */
  noteRateLimit(registry: string, limit: RateLimit): void;
}

/** Parses a registry typed by the user: `host[:port]` (an `https://` URL counts for its host). */
export function parseRegistryInput(input: string): { registry: string } | { error: string } {
  const text = input.trim();
  if (text === '') return { error: 'enter a registry host, e.g. quay.io or localhost:5000' };
  try {
    const key = parseCredentialsKey(text);
    if (key.namespace)
      return { error: `${JSON.stringify(text)} is a repository; enter the registry host only` };
    return { registry: normalizeRegistryHost(key.registry) };
  } catch (err) {
    return { error: asError(err).message };
  }
}

/** Creates the session slice. */
export function createSessionSlice(ctx: SliceContext): SessionSlice {
  const { set, get, deps, options, requests, clients } = ctx;

  /**
   * Records a use of `registry`. `keepTlsChoice`: the use says nothing about TLS (entering
   * it), so a `tlsVerify: false` recorded earlier stays even before the recents are read.
   */
  const recordUse = (registry: string, opts: { keepTlsChoice: boolean }): void => {
    const tlsOff = get().tlsOff[registry] === true;
    deps.recents
      .record(
        { registry, usedAt: deps.clock(), ...(tlsOff ? { tlsVerify: false as const } : {}) },
        { keepTlsChoice: opts.keepTlsChoice },
      )
      .catch((err: unknown) => deps.onWarning?.(`remembering ${registry}: ${asError(err).message}`));
  };
  const recordLayout = (image: ImageName): void => {
    const layout = recentLayoutOf(image);
    if (!layout) return;
    deps.recents
      .recordLayout({ ...layout, usedAt: deps.clock() })
      .catch((err: unknown) => deps.onWarning?.(`remembering oci:${layout.path}: ${asError(err).message}`));
  };
  // The command line's layout is remembered as the store is made (its registry is, when
  // `createBerthStore` enters it).
  if (options.image) recordLayout(options.image);
  const commandLineLayout = options.image ? recentLayoutOf(options.image)?.path : undefined;

  return {
    readOnly: options.readOnly ?? false,
    registries: [],
    registriesStatus: 'idle',
    registriesError: undefined,
    // The command line's registry is entered by `createBerthStore`, once the store exists.
    currentRegistry: undefined,
    whoami: {},
    rateLimit: undefined,
    tlsOff: {},
    added: [],
    login: undefined,

    async loadRegistries() {
      set({ registriesStatus: 'loading', registriesError: undefined });
      const out = await requests.run('registries', 'reading credential files', async (signal) => {
        const onWarning = (m: string): void => deps.onWarning?.(m);
        const logins = await listStoredLogins({ files: deps.login.files, onWarning, signal });
        const recents = await deps.recents.load({ signal });
        let conf: ReturnType<typeof deps.registriesConf>;
        let confError: Error | undefined;
        try {
          conf = deps.registriesConf();
        } catch (err) {
          confError = asError(err);
        }
        return { logins, recents, conf, confError };
      });
      if (out.status === 'cancelled') {
        if (!out.superseded) set({ registriesStatus: get().registries.length > 0 ? 'ready' : 'idle' });
        return;
      }
      if (out.status === 'failed') {
        set({ registriesStatus: 'error', registriesError: out.error });
        return;
      }
      const { logins, recents, conf, confError } = out.value;
      const tlsOff = { ...get().tlsOff };
      for (const r of recents.registries) if (r.tlsVerify === false) tlsOff[r.registry] = true;
      set({
        registries: buildRegistryList({
          logins,
          recents: recents.registries,
          layouts: recents.layouts,
          ...(conf ? { conf } : {}),
          ...(options.image ? { commandLine: options.image } : {}),
          ...(commandLineLayout ? { commandLineLayout } : {}),
          added: get().added,
        }),
        registriesStatus: 'ready',
        tlsOff,
      });
      // A broken registries.conf must not hide the list, but the user should know.
      if (confError) get().showMessage(`registries.conf: ${confError.message}`, 'error');
    },

    addRegistry(input) {
      const parsed = parseRegistryInput(input.registry);
      if ('error' in parsed) return parsed.error;
      const { registry } = parsed;
      const tls = input.tlsVerify ? {} : { tlsVerify: false as const };
      set((s) => ({
        added: [...s.added.filter((a) => a.registry !== registry), { registry, ...tls }],
        tlsOff: input.tlsVerify ? withoutKey(s.tlsOff, registry) : { ...s.tlsOff, [registry]: true },
      }));
      clients.forget(registry);
      recordUse(registry, { keepTlsChoice: false });
      void get().loadRegistries();
      get().showMessage(`added ${registry}`);
      return undefined;
    },

    openRegistry(id) {
      const entry = get().registries.find((e) => e.id === id);
      if (entry?.kind === 'layout' && entry.image) {
        get().enterLayout(entry.image);
        get().pushScreen({ screen: 'tags', image: entry.image });
        return;
      }
      const registry = entry?.registry ?? id;
      // Who berth is there is looked up first, so the list's label is the spinner's (the newest).
      get().enterRegistry(registry);
      // The list is started before the screen is pushed, so the screen finds it loading.
      void get().loadRepositories(registry);
      get().pushScreen({ screen: 'repositories', registry });
    },

    enterRegistry(registry) {
      set({ currentRegistry: registry });
      recordUse(registry, { keepTlsChoice: true });
      void get().refreshWhoami(registry);
    },

    enterLayout(image) {
      set({ currentRegistry: undefined });
      recordLayout(image);
    },

    async refreshWhoami(registry) {
      // What a cancelled lookup puts back (not another lookup's "loading": that one is over).
      const known = get().whoami[registry];
      const before = known?.status === 'loading' ? undefined : known;
      set((s) => ({ whoami: { ...s.whoami, [registry]: { status: 'loading' } } }));
      // One key per registry: entering another registry must not cancel this one's lookup.
      const out = await requests.run(`whoami ${registry}`, `reading credentials for ${registry}`, (signal) =>
        deps.keychain.resolve({ registry, signal }),
      );
      if (out.status === 'cancelled') {
        // A superseded lookup leaves the entry to the newer one.
        if (!out.superseded)
          set((s) => ({
            whoami: before ? { ...s.whoami, [registry]: before } : withoutKey(s.whoami, registry),
          }));
        return;
      }
      const who: WhoamiState =
        out.status === 'failed'
          ? { status: 'error', error: out.error }
          : {
              status: 'ready',
              source: out.value.source,
              ...(out.value.credential?.username ? { username: out.value.credential.username } : {}),
            };
      set((s) => ({ whoami: { ...s.whoami, [registry]: who } }));
    },

    beginLogin(registry) {
      set({ login: undefined });
      get().openModal({ kind: 'login', registry });
    },

    async logIn(input) {
      const fail = (error: string): false => {
        set({ login: { registry: input.registry, status: 'failed', error } });
        return false;
      };
      let key: ReturnType<typeof parseCredentialsKey>;
      try {
        key = parseCredentialsKey(input.registry);
      } catch (err) {
        return fail(asError(err).message);
      }
      if (input.username.trim() === '') return fail('no username given');
      const username = input.username.trim();
      set({ login: { registry: input.registry, status: 'checking' } });
      const { target, env, runHelper } = deps.login;
      const out = await requests.run('login', `checking credentials for ${key.key}`, async (signal) => {
        const client = deps.clientFor(key.registry, {
          credential: { username, password: input.password },
          ...(input.tlsVerify ? {} : { tlsVerify: false }),
        });
        try {
          await checkCredentials({ client, username, signal });
        } catch (err) {
          if (err instanceof InvalidCredentialsError)
            throw new Error(`logging into ${JSON.stringify(key.key)}: invalid username/password`);
          throw new Error(`authenticating creds for ${JSON.stringify(key.key)}`, { cause: err });
        }
        await checkRuntimeDir(target);
        return storeCredential({
          target,
          key,
          username,
          password: input.password,
          env,
          ...(runHelper ? { runHelper } : {}),
          signal,
        });
      });
      if (out.status === 'cancelled') {
        set({ login: undefined });
        return false;
      }
      if (out.status === 'failed') return fail(describeChain(out.error));
      set((s) => ({
        login: { registry: input.registry, status: 'done' },
        tlsOff: input.tlsVerify ? withoutKey(s.tlsOff, key.registry) : { ...s.tlsOff, [key.registry]: true },
      }));
      clients.forget(key.registry);
      recordUse(key.registry, { keepTlsChoice: false });
      get().showMessage(`Login Succeeded! (${username} at ${key.key}, stored in ${out.value})`);
      void get().refreshWhoami(key.registry);
      void get().loadRegistries();
      return true;
    },

    async logOut(registry) {
      let key: ReturnType<typeof parseCredentialsKey>;
      try {
        key = parseCredentialsKey(registry);
      } catch (err) {
        get().showMessage(asError(err).message, 'error');
        return;
      }
      const { target, env, runHelper } = deps.login;
      const out = await requests.run('logout', `logging out of ${key.key}`, async (signal) => {
        await checkRuntimeDir(target);
        return eraseCredential({ target, key, env, ...(runHelper ? { runHelper } : {}), signal });
      });
      if (out.status === 'cancelled') return;
      if (out.status === 'failed') {
        get().showMessage(`logging out of ${JSON.stringify(key.key)}: ${describeChain(out.error)}`, 'error');
        return;
      }
      clients.forget(key.registry);
      get().showMessage(
        out.value
          ? `Removed login credentials for ${key.key}`
          : `not logged into ${key.key} in ${target.file} (a login in another file is that tool's to remove)`,
        out.value ? 'info' : 'error',
      );
      void get().refreshWhoami(key.registry);
      void get().loadRegistries();
    },

    noteRateLimit(registry, limit) {
      set({ rateLimit: { registry, limit, at: deps.clock() } });
    },
  };
}

function withoutKey<T>(rec: Readonly<Record<string, T>>, key: string): Record<string, T> {
  const { [key]: _, ...rest } = rec;
  return rest;
}

/** The message and each distinct cause, on one line. */
export function describeChain(err: Error): string {
  const parts: string[] = [];
  let cur: unknown = err;
  for (let depth = 0; cur instanceof Error && depth < 8; depth++) {
    if (cur.message && !parts.some((p) => p.includes(cur instanceof Error ? cur.message : '')))
      parts.push(cur.message);
    cur = cur.cause;
  }
  return parts.join(': ');
}
