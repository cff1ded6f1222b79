/**
 * The store's shape: one flat state made of slices (zustand's slices pattern), and what every
 * slice creator receives. A new slice is a new file exporting `createXSlice(ctx)` and its
 * interface; it is added to {@link BerthState} here and to `createBerthStore` in `index.ts`.
 */
import type { StoreApi } from 'zustand/vanilla';
import type { RegistryClient } from '../registry/remote/index.js';
import type { BrowseSlice } from './browse-slice.js';
import type { BerthDeps } from './deps.js';
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
  image?: import('../registry/ref/index.js').ImageName;
}

/** Registry clients shared by the slices: one per registry and TLS choice. */
export interface ClientCache {
  /** The client for `registry`, with the keychain and the TLS choice made for it. */
  get(registry: string): RegistryClient;
  /** Drops the cached client (after login or logout, so the new credential is used). */
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
