/**
 * `RegistryClient`: the Distribution API of one registry, bound to one session. It is
 * a thin facade — each operation lives in its own file and takes the session — so the
 * copy engine, the CLI and the store all speak to registries the same way.
 */

import type { Credential, CredentialSource, Keychain } from '../auth/index.js';
import { createAuthenticator } from '../auth/index.js';
import type { Digest } from '../digest/index.js';
import type { Http } from '../http/types.js';
import type { Manifest } from '../manifest/index.js';
import { getBlob, headBlob } from './blobs.js';
import { listRepositories, listRepositoryPages } from './catalog.js';
import { resolveEndpoint } from './endpoint.js';
import type { ManifestHead } from './manifests.js';
import { deleteManifest, getManifest, headManifest, putManifest } from './manifests.js';
import type { RateLimit } from './rate-limit.js';
import type { Referrers } from './referrers.js';
import { listReferrers } from './referrers.js';
import { RegistrySession } from './session.js';
import type { ListOptions } from './tags.js';
import { listTagPages, listTags } from './tags.js';
import type { UploadOptions } from './uploads.js';
import { mountBlob, uploadBlob } from './uploads.js';

export interface RegistryClientOptions {
  http: Http;
  /** The registry as references name it: `docker.io`, `quay.io`, `127.0.0.1:5000`. */
  registry: string;
  /** Where credentials come from; `credential` (from flags) wins over it. */
  keychain?: Keychain;
  credential?: Credential;
  /** Plain http and unverified TLS allowed for this registry. */
  insecure?: boolean;
  onRateLimit?: (limit: RateLimit) => void;
}

type Signal = { signal?: AbortSignal };

export class RegistryClient {
  readonly registry: string;
  readonly #opts: RegistryClientOptions;
  #session: Promise<RegistrySession> | undefined;
  #whoami: (() => { username?: string; source: CredentialSource }) | undefined;

  constructor(opts: RegistryClientOptions) {
    this.registry = opts.registry;
    const { http } = opts;
    // Every request of an insecure registry's client, its token requests too, goes unverified
    // (as containers/image's client for it does), on connections verified requests never share.
    this.#opts = opts.insecure
      ? {
          ...opts,
          http: { request: (req) => http.request({ ...req, tlsVerify: false }), close: () => http.close() },
        }
      : opts;
  }

  /** The session, created on first use (endpoint probing needs the network). */
  session(opts: Signal = {}): Promise<RegistrySession> {
    this.#session ??= this.#connect(opts.signal).catch((err) => {
      this.#session = undefined;
      throw err;
    });
    return this.#session;
  }

  async #connect(signal?: AbortSignal): Promise<RegistrySession> {
    const { http, registry, insecure } = this.#opts;
    const endpoint = await resolveEndpoint({ http, registry, insecure, signal });
    const authenticator = createAuthenticator({
      http,
      registry,
      endpoint,
      insecure: insecure ?? false,
      ...(this.#opts.keychain ? { keychain: this.#opts.keychain } : {}),
      ...(this.#opts.credential ? { credential: this.#opts.credential } : {}),
    });
    this.#whoami = () => authenticator.whoami();
    return new RegistrySession({
      http,
      endpoint,
      authenticator,
      ...(this.#opts.onRateLimit ? { onRateLimit: this.#opts.onRateLimit } : {}),
    });
  }

  /** Who requests are made as, once the session exists; never a secret. */
  whoami(): { username?: string; source: CredentialSource } | undefined {
    return this.#whoami?.();
  }

  async getManifest(
    opts: { repository: string; reference: string; accept?: readonly string[] } & Signal,
  ): Promise<Manifest> {
    return getManifest(await this.session(opts), opts);
  }

  async headManifest(
    opts: { repository: string; reference: string; accept?: readonly string[] } & Signal,
  ): Promise<ManifestHead | undefined> {
    return headManifest(await this.session(opts), opts);
  }

  async putManifest(
    opts: { repository: string; reference: string; bytes: Uint8Array; mediaType: string } & Signal,
  ): Promise<Digest> {
    return putManifest(await this.session(opts), opts);
  }

  async deleteManifest(opts: { repository: string; digest: Digest } & Signal): Promise<void> {
    return deleteManifest(await this.session(opts), opts);
  }

  async headBlob(
    opts: { repository: string; digest: Digest } & Signal,
  ): Promise<{ size: number } | undefined> {
    return headBlob(await this.session(opts), opts);
  }

  /** A verified stream of a blob's bytes. */
  async *getBlob(
    opts: {
      repository: string;
      digest: Digest;
      size: number;
      onRetry?: (info: { offset: number; error: unknown }) => void;
    } & Signal,
  ): AsyncGenerator<Uint8Array> {
    yield* getBlob(await this.session(opts), opts);
  }

  async uploadBlob(opts: UploadOptions): Promise<void> {
    return uploadBlob(await this.session(opts), opts);
  }

  async mountBlob(opts: { repository: string; from: string; digest: Digest } & Signal): Promise<boolean> {
    return mountBlob(await this.session(opts), opts);
  }

  async listTags(opts: ListOptions & { repository: string }): Promise<string[]> {
    return listTags(await this.session(opts), opts);
  }

  async *listTagPages(opts: ListOptions & { repository: string }): AsyncGenerator<string[]> {
    yield* listTagPages(await this.session(opts), opts);
  }

  async listRepositories(opts: ListOptions = {}): Promise<string[]> {
    return listRepositories(await this.session(opts), opts);
  }

  async *listRepositoryPages(opts: ListOptions = {}): AsyncGenerator<string[]> {
    yield* listRepositoryPages(await this.session(opts), opts);
  }

  async listReferrers(
    opts: { repository: string; digest: Digest; artifactType?: string } & Signal,
  ): Promise<Referrers> {
    return listReferrers(await this.session(opts), opts);
  }
}
