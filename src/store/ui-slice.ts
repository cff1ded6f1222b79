/**
 * The ui slice: the screen stack, the modal layer (help, confirmations, forms), the status
 * message, what is loading (for the one spinner), per-list cursors and filters, and quitting.
 * `interrupt` is Ctrl-C: it cancels the requests in flight first; with nothing in flight it
 * quits, asking first only while copy or delete jobs run (a second Ctrl-C then quits anyway).
 */
import { type ImageName, parseImageName, parseReference } from '../registry/ref/index.js';
import { countRunningJobs } from './jobs-slice.js';
import { asError } from './requests.js';
import type { Route } from './routes.js';
import type { SliceContext } from './types.js';

/** A layer drawn over the screen that takes the keys until it closes. */
export type Modal =
  | { kind: 'help' }
  /** Quit while jobs run? */
  | { kind: 'confirm-quit' }
  /** A yes/no question; `onConfirm` runs on yes. */
  | { kind: 'confirm'; title: string; lines: readonly string[]; confirmLabel: string; onConfirm: () => void }
  /** The registries screen's "add a registry" form. */
  | { kind: 'add-registry' }
  /** The login form for a registry. */
  | { kind: 'login'; registry: string }
  /** `:` go to a reference. */
  | { kind: 'goto' }
  /** The delete confirmation (its content is the jobs slice's `deletePlan`). */
  | { kind: 'delete' };

/** The one-line message in the status bar. */
export interface StatusMessage {
  text: string;
  /**
   * `copy`: text the user may want to select by hand (what was put on the clipboard, or what
   * did not fit there), shown whole when the line allows it.
   */
  kind: 'info' | 'error' | 'copy';
  /** When it was shown (the clock's ms). */
  at: number;
}

/** The ui slice. */
export interface UiSlice {
  /** The screens, root first; never empty. */
  stack: readonly Route[];
  modal: Modal | undefined;
  message: StatusMessage | undefined;
  /** Requests in flight, key → label ("loading repositories of quay.io"). */
  busy: Readonly<Record<string, string>>;
  /** Cursor per list id (lists name themselves, usually `routeKey(route)`). */
  cursors: Readonly<Record<string, number>>;
  /** Filter text per list id. */
  filters: Readonly<Record<string, string>>;
  /** The list whose filter input has the keyboard, if any. */
  filterEditing: string | undefined;
  /** Set when berth should exit; the app unmounts on it. */
  quitRequested: boolean;

  pushScreen(route: Route): void;
  /** Goes back one screen; false at the root (nothing to go back to). */
  popScreen(): boolean;
  /** Replaces the whole stack. */
  resetScreens(stack: readonly Route[]): void;
  /**
   * `:` go to a reference: `quay.io/org/app` opens its tags, `quay.io/org/app:1.2` (or
   * `@sha256:…`) the image, `oci:./layout` the layout's tags, with the screens above it in
   * the stack so Esc walks back up. Returns why the text is not a reference, or undefined.
   */
  goTo(text: string): string | undefined;
  openModal(modal: Modal): void;
  closeModal(): void;
  toggleHelp(): void;
  showMessage(text: string, kind?: StatusMessage['kind']): void;
  clearMessage(): void;
  setCursor(listId: string, index: number): void;
  setFilter(listId: string, text: string): void;
  /** Gives the keyboard to a list's filter input, or takes it back (undefined). */
  editFilter(listId: string | undefined): void;
  /** `q`: quits, or asks first while jobs run. */
  requestQuit(): 'quit' | 'asked';
  /** Quits now, cancelling running jobs. */
  quit(): void;
  /** Ctrl-C: cancels requests in flight, else quits (asking while jobs run; a second Ctrl-C quits). */
  interrupt(): 'cancelled' | 'quit' | 'asked';
}

/**
 * What moving on (another screen, another row) does to the status line: a `copy` message, which
 * may be hiding who you are there (StatusBar), has been seen and goes.
 */
function movedOn(s: { message: StatusMessage | undefined }): { message?: undefined } {
  return s.message?.kind === 'copy' ? { message: undefined } : {};
}

/** Creates the ui slice. */
export function createUiSlice(ctx: SliceContext, initialStack: readonly Route[]): UiSlice {
  const { set, get, deps, requests } = ctx;
  return {
    stack: initialStack.length > 0 ? initialStack : [{ screen: 'registries' }],
    modal: undefined,
    message: undefined,
    busy: {},
    cursors: {},
    filters: {},
    filterEditing: undefined,
    quitRequested: false,

    pushScreen(route) {
      set((s) => ({ stack: [...s.stack, route], filterEditing: undefined, ...movedOn(s) }));
    },
    popScreen() {
      const { stack } = get();
      if (stack.length <= 1) return false;
      set({ stack: stack.slice(0, -1), filterEditing: undefined, ...movedOn(get()) });
      return true;
    },
    resetScreens(stack) {
      set({
        stack: stack.length > 0 ? stack : [{ screen: 'registries' }],
        filterEditing: undefined,
        ...movedOn(get()),
      });
    },
    goTo(text) {
      let target: ReturnType<typeof parseGoTo>;
      try {
        target = parseGoTo(text.trim());
      } catch (err) {
        return asError(err).message;
      }
      const stack: Route[] = [{ screen: 'registries' }];
      if (target.repository.transport === 'docker') {
        const { registry } = target.repository.ref;
        stack.push({ screen: 'repositories', registry });
        get().enterRegistry(registry);
      } else get().enterLayout(target.repository);
      stack.push({ screen: 'tags', image: target.repository });
      if (target.image) stack.push({ screen: 'image', image: target.image });
      set({ stack, modal: undefined, filterEditing: undefined, ...movedOn(get()) });
      return undefined;
    },
    openModal(modal) {
      set({ modal });
    },
    closeModal() {
      set({ modal: undefined });
    },
    toggleHelp() {
      set((s) => ({ modal: s.modal?.kind === 'help' ? undefined : { kind: 'help' } }));
    },
    showMessage(text, kind = 'info') {
      set({ message: { text, kind, at: deps.clock() } });
    },
    clearMessage() {
      set({ message: undefined });
    },
    setCursor(listId, index) {
      if (get().cursors[listId] === index) return;
      set((s) => ({ cursors: { ...s.cursors, [listId]: Math.max(0, index) }, ...movedOn(s) }));
    },
    setFilter(listId, text) {
      if ((get().filters[listId] ?? '') === text) return;
      // A new filter starts at the first match.
      set((s) => ({ filters: { ...s.filters, [listId]: text }, cursors: { ...s.cursors, [listId]: 0 } }));
    },
    editFilter(listId) {
      set({ filterEditing: listId });
    },
    requestQuit() {
      if (countRunningJobs(get().jobs) > 0) {
        set({ modal: { kind: 'confirm-quit' } });
        return 'asked';
      }
      get().quit();
      return 'quit';
    },
    quit() {
      requests.cancelAll();
      get().cancelAllJobs();
      set({ quitRequested: true, modal: undefined });
    },
    interrupt() {
      if (requests.cancelAll() > 0) {
        get().showMessage('cancelled');
        return 'cancelled';
      }
      if (get().modal?.kind === 'confirm-quit') {
        get().quit();
        return 'quit';
      }
      return get().requestQuit();
    },
  };
}

const LOCAL_TRANSPORTS: readonly string[] = ['oci', 'dir', 'oci-archive', 'docker-archive'];

/**
 * What `:` names: the repository (or layout) to list, and the image when a tag or digest was
 * typed. Plain text is a docker reference (`alpine`, `quay.io/org/app:1`); text with a
 * transport prefix is an image name (`docker://…`, `oci:./layout`).
 */
export function parseGoTo(text: string): { repository: ImageName; image?: ImageName } {
  if (text === '') throw new Error('enter a reference, e.g. quay.io/org/app:1.2 or oci:./layout');
  // Only berth's transport names count as prefixes: `localhost:5000/app` is a reference.
  const transport = /^([a-z-]+):/.exec(text)?.[1];
  if (transport && LOCAL_TRANSPORTS.includes(transport)) return { repository: parseImageName(text) };
  const body = text.startsWith('docker://') ? text.slice('docker://'.length) : text;
  const ref = parseReference(body, { defaultTag: false });
  const repository: ImageName = {
    transport: 'docker',
    ref: { registry: ref.registry, repository: ref.repository },
  };
  if (ref.tag === undefined && ref.digest === undefined) return { repository };
  return { repository, image: { transport: 'docker', ref } };
}
