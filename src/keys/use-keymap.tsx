/**
 * Key dispatch: one Ink `useInput` for the whole app (in {@link KeypressProvider}) hands each
 * key to layers, highest priority first and, within a priority, the most recently added
 * first. A layer looks the key up in its keymap context and calls the handler for the
 * action; a handler that returns `true` (or nothing) has handled the key and stops it. A
 * modal layer (a context marked `modal`, or `capture: true`) stops every key, handled or not,
 * so nothing under a dialog reacts to what is typed into it (gemini-cli's KeypressContext).
 *
 * While the terminal is too small the provider is `enabled={false}`: keys are ignored, except
 * Ctrl-C, which must always be able to stop berth.
 */
import { type Key, useInput } from 'ink';
import { createContext, type ReactNode, useContext, useLayoutEffect, useRef } from 'react';
import { keyName } from './key-name.js';
import { type Action, actionFor, CONTEXTS, type Context, type KeymapFilter } from './keymap.js';

/** Layer priorities: screens are Normal, dialogs High; global keys sit under everything. */
export const Priority = { Low: -100, Normal: 0, High: 100, Critical: 200 } as const;

/** Handlers by action. Returning `false` means "not handled here": the key goes on down. */
export type KeymapHandlers = Partial<Record<Action, () => unknown>>;

/** A key as layers see it. */
export interface KeyEvent {
  name: string | undefined;
  input: string;
  key: Key;
}

interface Layer {
  priority: number;
  seq: number;
  handle(event: KeyEvent): boolean;
}

interface Dispatcher {
  add(layer: Omit<Layer, 'seq'>): () => void;
  filter: KeymapFilter;
}

const KeypressContext = createContext<Dispatcher | undefined>(undefined);

/** Props of {@link KeypressProvider}. */
export interface KeypressProviderProps {
  /** false: ignore every key but Ctrl-C (the terminal is too small to show what keys do). */
  enabled: boolean;
  /** Hides mutating actions' keys (read-only mode). */
  filter?: KeymapFilter;
  children?: ReactNode;
}

/** Owns the keyboard and dispatches keys to the layers registered with {@link useKeymap}. */
export function KeypressProvider({ enabled, filter = {}, children }: KeypressProviderProps) {
  const layers = useRef<Layer[]>([]);
  const seq = useRef(0);
  const enabledRef = useRef(enabled);
  enabledRef.current = enabled;
  const dispatcher = useRef<Dispatcher>({
    add(layer) {
      const entry: Layer = { ...layer, seq: ++seq.current };
      layers.current = [...layers.current, entry].sort((a, b) => b.priority - a.priority || b.seq - a.seq);
      return () => {
        layers.current = layers.current.filter((l) => l !== entry);
      };
    },
    filter,
  });
  dispatcher.current.filter = filter;

  useInput((input, key) => {
    const name = keyName(input, key);
    if (!enabledRef.current && name !== 'ctrl+c') return;
    const event: KeyEvent = { name, input, key };
    // A snapshot: a handler may add or remove layers (open a dialog) while this key is handled.
    for (const layer of layers.current) {
      if (layer.handle(event)) return;
    }
  });

  return <KeypressContext.Provider value={dispatcher.current}>{children}</KeypressContext.Provider>;
}

/** Options of {@link useKeymap}. */
export interface UseKeymapOptions {
  /** false: the layer is not registered (an inactive screen, a closed dialog). Default true. */
  isActive?: boolean;
  /** Default Normal, or High for modal contexts. */
  priority?: number;
  /** Stop every key (handled or not). Default: whether the context is modal. */
  capture?: boolean;
  /**
   * Called with keys no handler took (no action matched, or its handler returned false),
   * before capture stops them: text fields edit with these.
   */
  onOtherKey?: (event: KeyEvent) => boolean;
}

/**
 * Handles the keys of `context` with `handlers` while active. Handlers may change on every
 * render; the layer always calls the latest.
 */
export function useKeymap(context: Context, handlers: KeymapHandlers, opts: UseKeymapOptions = {}): void {
  const dispatcher = useContext(KeypressContext);
  if (!dispatcher) throw new Error('useKeymap needs a KeypressProvider above it');
  const latest = useRef({ handlers, opts });
  latest.current = { handlers, opts };
  const isActive = opts.isActive ?? true;
  const modal = CONTEXTS[context].modal === true;
  const priority = opts.priority ?? (modal ? Priority.High : Priority.Normal);

  // A layout effect: the layer must be in place as soon as the dialog is drawn, or a key typed
  // right after the key that opened it would go to the layer under it.
  useLayoutEffect(() => {
    if (!isActive) return;
    return dispatcher.add({
      priority,
      handle(event) {
        const { handlers: h, opts: o } = latest.current;
        const capture = o.capture ?? modal;
        const action =
          event.name === undefined ? undefined : actionFor(context, event.name, dispatcher.filter);
        const handler = action ? h[action] : undefined;
        if (handler && handler() !== false) return true;
        if (o.onOtherKey && o.onOtherKey(event) === true) return true;
        return capture;
      },
    });
  }, [dispatcher, context, isActive, priority, modal]);
}
