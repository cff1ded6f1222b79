/**
 * The images the Image and Layer files screens read, each opened once and shared: opening
 * an `oci-archive:` unpacks it and a layout reads its index, so the manifest, the config and
 * every layer of one image come from the same open source. The inspect slice closes them all
 * when the user leaves the last screen that shows an image.
 */
import { type Digest, untilAborted } from '../registry/digest/index.js';
import { formatImageName, type ImageName } from '../registry/ref/index.js';
import type { ImageSource } from '../registry/transports/types.js';

/** The key of an image (and of a manifest inside it, for transports that cannot name one). */
export function inspectKey(image: ImageName, digest?: Digest): string {
  return digest ? `${formatImageName(image)}@${digest}` : formatImageName(image);
}

/** Open sources by image name. */
export interface SourceCache {
  /**
   * The source for `name`, opened on first use. Waiting for it gives up when `signal`
   * aborts; the opening itself goes on for whoever asks next.
   */
  get(name: ImageName, signal: AbortSignal): Promise<ImageSource>;
  /** Lets go of `name`'s source (closing it in the background): the next `get` opens it anew. */
  forget(name: ImageName): void;
  /**
   * Lets go of every source at once (what is still opening is stopped; a later `get` opens
   * anew) and closes them once `opts.after` has settled — what was reading them has
   * stopped. Resolves when all are closed, those an earlier call or `forget` let go
   * included; warnings for those that fail to close.
   */
  closeAll(opts?: { after?: Promise<unknown> }): Promise<void>;
  /** How many are open or opening. */
  readonly size: number;
}

/**
 * Creates a cache over `open` (the store's `deps.openSource` with its registry clients).
 * Opening may take a while (an archive is indexed, registries.conf mirrors are tried in
 * turn), so it is given a signal that `closeAll` aborts.
 */
export function createSourceCache(
  open: (name: ImageName, signal: AbortSignal) => Promise<ImageSource>,
  onWarning?: (message: string) => void,
): SourceCache {
  const sources = new Map<string, Promise<ImageSource>>();
  const closing = new Set<Promise<void>>();
  let lifetime = new AbortController();

  const close = (key: string, opening: Promise<ImageSource>, after?: Promise<unknown>): void => {
    const done = (async () => {
      let source: ImageSource;
      try {
        source = await opening;
      } catch {
        return; // never opened: nothing to close
      }
      await after?.catch(() => {});
      try {
        await source.close();
      } catch (err) {
        onWarning?.(`closing ${key}: ${err instanceof Error ? err.message : String(err)}`);
      }
    })();
    closing.add(done);
    void done.finally(() => closing.delete(done));
  };

  return {
    get(name, signal) {
      const key = formatImageName(name);
      let opening = sources.get(key);
      if (!opening) {
        const p = open(name, lifetime.signal);
        opening = p;
        sources.set(key, p);
        // A failed open is not kept: the next attempt (r) opens it again.
        p.catch(() => {
          if (sources.get(key) === p) sources.delete(key);
        });
      }
      return untilAborted(opening, signal);
    },
    forget(name) {
      const key = formatImageName(name);
      const opening = sources.get(key);
      if (!opening) return;
      sources.delete(key);
      close(key, opening);
    },
    async closeAll(opts = {}) {
      // All of this happens before the first await: a source opened from now on is not ours.
      const all = [...sources.entries()];
      sources.clear();
      lifetime.abort(new Error('the image is no longer shown'));
      lifetime = new AbortController();
      for (const [key, opening] of all) close(key, opening, opts.after);
      await Promise.all([...closing]);
    },
    get size() {
      return sources.size;
    },
  };
}
