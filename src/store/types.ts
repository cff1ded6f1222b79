/**
 * The store's shape: one flat state made of slices (zustand's slices pattern), and what every
 * slice creator receives. A new slice is a new file exporting `createXSlice(ctx)` and its
 * interface; it is added to {@link BerthState} here and to `createBerthStore` in `index.ts`.
 */
import type { StoreApi } from 'zustand/vanilla';
import type { ImageName } from '../registry/ref/index.js';
import type { RegistryClient } from '../registry/remote/index.js';
import type { BrowseSlice } from './browse-slice.js';
import type { BerthDeps, SourceOptions } from './deps.js';
import type { InspectSlice } from './inspect-slice.js';
import type { JobsSlice } from './jobs-slice.js';
import type { RequestTracker } from './requests.js';
import type { SessionSlice } from './session-slice.js';
import type { UiSlice } from './ui-slice.js';

/** The whole state: data and actions of every slice. */
export type BerthState = SessionSlice & BrowseSlice & InspectSlice & JobsSlice & UiSlice;

/** The vanilla store the app subscribes to. */
export type BerthStore = StoreApi<BerthState>;

/** Options from the command line. */
export interface BerthOptions {
  /** `--read-only`: copy and delete are hidden and refused. */
  readOnly?: boolean;
  /**
   * The image named on the command line (`docker://host/repo`, `oci:./layout`): its registry
   * or layout is listed, and its tags are the first screen (with the registries under it).
   */
  image?: ImageName;
}

/** How a slice asks {@link ClientCache} for a client. */
export interface ClientOptions {
  /**
   * The repository the client is for: registries.conf decides `blocked` and `insecure` for
   * it (a namespace or repository may have an entry of its own); without it, for the
   * registry as a whole (the catalog).
   */
  repository?: string;
  /** An endpoint's own TLS setting (a registries.conf mirror's); the user's choice for the registry wins. */
  tlsVerify?: boolean;
  /** Each request sent once, without retries: trying a mirror. */
  probe?: boolean;
}

/** Registry clients shared by the slices: one per registry, TLS decision and retry mode. */
export interface ClientCache {
  /**
   * The client for `registry`, with the keychain and the TLS choice made for it.
   *
   * @throws when registries.conf blocks the registry (or `opts.repository`), with
   *   containers/image's message, so the request that asked fails with it.
   */
  get(registry: string, opts?: ClientOptions): RegistryClient;
  /**
   * The clients to open `image` with: docker:// images are read through registries.conf's
   * mirrors, then the registry, as the command line reads one.
   */
  forImage(image: ImageName): Pick<SourceOptions, 'registryClient' | 'pullClient'>;
  /** Drops the cached clients (after login or logout, so the new credential is used). */
  forget(registry: string): void;
}

/** What a slice creator gets. */
export interface SliceContext {
  set: BerthStore['setState'];
  get: BerthStore['getState'];
  deps: BerthDeps;
  options: Readonly<BerthOptions>;
  requests: RequestTracker;
  clients: ClientCache;
}
