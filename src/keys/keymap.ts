/**
 * The one keymap: every action berth has, the keys bound to it, and what it does. Key
 * handling (`useKeymap`), the footer hints (`hintsFor`) and the `?` help overlay
 * (`helpFor`) are all generated from this table, so a binding can never be documented
 * differently from how it behaves.
 *
 * Contexts group actions: a screen's context lists what that screen offers, and keys are
 * looked up in the screen's context, then in the contexts it `uses` (in order), then in
 * `global`. The first match wins, which is how a screen can give a global key its own
 * meaning (`:` adds a registry on the registries screen, and goes to a reference elsewhere).
 *
 * Key names: printable characters as typed (`j`, `G`, `?`), and `up down left right pageup
 * pagedown home end return escape tab shift+tab backspace space ctrl+<letter>`. Backspace
 * and Delete are one key: terminals disagree about which byte Backspace sends.
 * Nothing essential is bound to Alt or to Esc alone (tmux delays Esc; see ecosystem §3.3).
 */

import type { Action } from './actions.js';
import { ACTIONS } from './actions.js';
import type { Context } from './contexts.js';
import { CONTEXTS } from './contexts.js';

export type { ActionSpec } from './actions.js';
export type { ContextSpec } from './contexts.js';
export type { Action, Context };
export { ACTIONS, CONTEXTS };

/** The contexts a key is looked up in, in order. */
export function lookupChain(context: Context): Context[] {
  const spec = CONTEXTS[context];
  const chain: Context[] = [context, ...(spec.uses ?? [])];
  if (!spec.modal && context !== 'global') chain.push('global');
  return chain;
}

/** What `opts` hide: mutating actions in read-only mode. */
export interface KeymapFilter {
  readOnly?: boolean;
}

const visible = (a: Action, f: KeymapFilter): boolean => !(f.readOnly && ACTIONS[a].mutating);

/** The action `key` triggers in `context`, if any. */
export function actionFor(context: Context, key: string, filter: KeymapFilter = {}): Action | undefined {
  for (const c of lookupChain(context)) {
    for (const a of CONTEXTS[c].actions) {
      if (visible(a, filter) && ACTIONS[a].keys.includes(key)) return a;
    }
  }
  return undefined;
}

const KEY_LABELS: Readonly<Record<string, string>> = {
  up: '↑',
  down: '↓',
  left: '←',
  right: '→',
  pageup: 'PgUp',
  pagedown: 'PgDn',
  home: 'Home',
  end: 'End',
  return: 'Enter',
  escape: 'Esc',
  tab: 'Tab',
  'shift+tab': 'Shift-Tab',
  backspace: 'Backspace',
  space: 'Space',
};

/** How a key is written for people: `Enter`, `Ctrl-C`, `PgDn`, `j`. */
export function formatKey(key: string): string {
  const label = KEY_LABELS[key];
  if (label) return label;
  if (key.startsWith('ctrl+')) return `Ctrl-${key.slice(5).toUpperCase()}`;
  return key;
}

/** One footer hint. */
export interface Hint {
  action: Action;
  key: string;
  label: string;
}

/** The footer hints of a context: the first key of each hinted action (read-only hides mutating ones). */
export function hintsFor(context: Context, filter: KeymapFilter = {}): Hint[] {
  return CONTEXTS[context].hints
    .filter((a) => visible(a, filter))
    .map((a) => ({
      action: a,
      key: formatKey(ACTIONS[a].keys[0] as string),
      label: ACTIONS[a].hint ?? ACTIONS[a].description,
    }));
}

/** One line of the help overlay. */
export interface HelpLine {
  action: Action;
  keys: string;
  description: string;
}

/** One section of the help overlay. */
export interface HelpSection {
  title: string;
  lines: HelpLine[];
}

/**
 * The help overlay for a context: a section per context in the lookup chain, each listing
 * the keys that reach its actions there (a key a nearer context takes is left out).
 */
export function helpFor(context: Context, filter: KeymapFilter = {}): HelpSection[] {
  const chain = lookupChain(context);
  const sections: HelpSection[] = [];
  for (const c of chain) {
    const lines: HelpLine[] = [];
    for (const a of CONTEXTS[c].actions) {
      if (!visible(a, filter)) continue;
      const keys = ACTIONS[a].keys.filter((k) => actionFor(context, k, filter) === a);
      if (keys.length === 0) continue;
      const description =
        CONTEXTS[c].describe?.[a] ?? CONTEXTS[context].describe?.[a] ?? ACTIONS[a].description;
      lines.push({ action: a, keys: keys.map(formatKey).join(' '), description });
    }
    if (lines.length > 0) sections.push({ title: CONTEXTS[c].title, lines });
  }
  return sections;
}
