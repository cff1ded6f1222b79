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

/** Everything a key can do. */
export type Action =
  | 'up'
  | 'down'
  | 'pageUp'
  | 'pageDown'
  | 'top'
  | 'bottom'
  | 'open'
  | 'back'
  | 'filter'
  | 'goto'
  | 'sort'
  | 'mark'
  | 'yank'
  | 'copyImage'
  | 'delete'
  | 'refresh'
  | 'quit'
  | 'help'
  | 'interrupt'
  | 'addRegistry'
  | 'login'
  | 'logout'
  | 'confirm'
  | 'cancel'
  | 'submit'
  | 'closeForm'
  | 'nextField'
  | 'prevField'
  | 'toggle'
  | 'closeHelp'
  | 'acceptFilter'
  | 'clearFilter';

/** An action's keys and meaning. */
export interface ActionSpec {
  /** Keys in the order they are shown; the first one is the footer hint's. */
  keys: readonly string[];
  /** Help text: what the action does. */
  description: string;
  /** Footer label (short); defaults to the description. */
  hint?: string;
  /** Changes something (copy, delete): hidden in read-only mode. */
  mutating?: boolean;
}

/** The actions and their default keys. */
export const ACTIONS: Readonly<Record<Action, ActionSpec>> = {
  up: { keys: ['up', 'k'], description: 'move up' },
  down: { keys: ['down', 'j'], description: 'move down' },
  pageUp: { keys: ['pageup', 'ctrl+u'], description: 'page up' },
  pageDown: { keys: ['pagedown', 'ctrl+d'], description: 'page down' },
  top: { keys: ['g', 'home'], description: 'go to the first row', hint: 'top' },
  bottom: { keys: ['G', 'end'], description: 'go to the last row', hint: 'bottom' },
  open: { keys: ['return', 'l', 'right'], description: 'open', hint: 'open' },
  back: { keys: ['escape', 'h', 'left', 'backspace'], description: 'go back', hint: 'back' },
  filter: { keys: ['/'], description: 'filter (fuzzy)', hint: 'filter' },
  goto: { keys: [':'], description: 'go to a reference (host/repo:tag)', hint: 'go to' },
  sort: { keys: ['s'], description: 'change the sort order', hint: 'sort' },
  mark: { keys: ['space'], description: 'mark or unmark the row', hint: 'mark' },
  yank: { keys: ['y'], description: 'copy the name to the clipboard (OSC 52)', hint: 'yank' },
  copyImage: { keys: ['c'], description: 'copy the image somewhere', hint: 'copy', mutating: true },
  delete: { keys: ['d'], description: 'delete', hint: 'delete', mutating: true },
  refresh: { keys: ['r'], description: 'reload', hint: 'refresh' },
  quit: { keys: ['q'], description: 'quit (asks while transfers run)', hint: 'quit' },
  help: { keys: ['?'], description: 'show the keys', hint: 'help' },
  interrupt: {
    keys: ['ctrl+c'],
    description: 'cancel the request in flight; with none, quit',
    hint: 'cancel',
  },
  addRegistry: { keys: ['a', ':'], description: 'add a registry', hint: 'add' },
  login: { keys: ['L'], description: 'log in to the registry', hint: 'login' },
  logout: { keys: ['O'], description: 'log out (remove the stored login)', hint: 'logout' },
  confirm: { keys: ['y', 'return'], description: 'yes', hint: 'yes' },
  cancel: { keys: ['n', 'escape'], description: 'no', hint: 'no' },
  submit: { keys: ['return'], description: 'submit the form', hint: 'submit' },
  // Esc only: every printable key belongs to the field being typed in.
  closeForm: { keys: ['escape'], description: 'close the form', hint: 'close' },
  nextField: { keys: ['tab', 'down'], description: 'next field', hint: 'next' },
  prevField: { keys: ['shift+tab', 'up'], description: 'previous field', hint: 'prev' },
  toggle: { keys: ['space'], description: 'switch the option on or off', hint: 'toggle' },
  closeHelp: { keys: ['escape', '?', 'q'], description: 'close the help', hint: 'close' },
  acceptFilter: { keys: ['return', 'down'], description: 'keep the filter and go to the list', hint: 'done' },
  clearFilter: { keys: ['escape'], description: 'clear the filter', hint: 'clear' },
};

/** Where keys are looked up: one per screen, plus layers (list, form, dialogs). */
export type Context =
  | 'global'
  | 'list'
  | 'registries'
  | 'repositories'
  | 'tags'
  | 'image'
  | 'layer-files'
  | 'copy'
  | 'help'
  | 'confirm'
  | 'form'
  | 'filter';

/** A context's actions and hints. */
export interface ContextSpec {
  /** Title in the help overlay. */
  title: string;
  /** The context's own actions, in help order. */
  actions: readonly Action[];
  /** Contexts whose actions also apply (after this one's, before `global`). */
  uses?: readonly Context[];
  /** The footer: which actions, in order (of this context and the ones it uses). */
  hints: readonly Action[];
  /** Descriptions that differ here from the action's own. */
  describe?: Partial<Record<Action, string>>;
  /**
   * A layer that owns the keyboard (dialogs, forms): `global` does not apply, and nothing under it
   * sees a key.
   */
  modal?: boolean;
}

/** The contexts. */
export const CONTEXTS: Readonly<Record<Context, ContextSpec>> = {
  global: {
    title: 'Everywhere',
    actions: ['help', 'goto', 'quit', 'interrupt'],
    hints: ['help', 'quit'],
  },
  list: {
    title: 'Lists',
    actions: ['up', 'down', 'pageUp', 'pageDown', 'top', 'bottom', 'filter'],
    hints: ['filter'],
  },
  registries: {
    title: 'Registries',
    actions: ['open', 'addRegistry', 'login', 'logout', 'yank', 'refresh', 'back'],
    uses: ['list'],
    hints: ['open', 'addRegistry', 'login', 'logout', 'filter', 'help', 'quit'],
    describe: {
      open: 'browse the registry (or the layout)',
      yank: 'copy the registry name (OSC 52)',
      back: 'clear the filter',
    },
  },
  repositories: {
    title: 'Repositories',
    actions: ['open', 'back', 'yank', 'refresh'],
    uses: ['list'],
    hints: ['open', 'back', 'filter', 'goto', 'help', 'quit'],
    describe: { open: 'show the tags' },
  },
  tags: {
    title: 'Tags',
    actions: ['open', 'back', 'sort', 'mark', 'yank', 'copyImage', 'delete', 'refresh'],
    uses: ['list'],
    hints: ['open', 'back', 'filter', 'sort', 'mark', 'copyImage', 'delete', 'help'],
    describe: { open: 'inspect the image', yank: 'copy the reference (OSC 52)' },
  },
  image: {
    title: 'Image',
    actions: ['open', 'back', 'yank', 'copyImage', 'delete', 'refresh'],
    uses: ['list'],
    hints: ['open', 'back', 'yank', 'copyImage', 'delete', 'help'],
    describe: { open: 'show the layer files', yank: 'copy the digest (OSC 52)' },
  },
  'layer-files': {
    title: 'Layer files',
    actions: ['open', 'back', 'sort', 'yank'],
    uses: ['list'],
    hints: ['open', 'back', 'filter', 'sort', 'help'],
    describe: { open: 'fold or unfold the directory', yank: 'copy the path (OSC 52)' },
  },
  copy: {
    title: 'Copy',
    actions: ['back'],
    uses: ['list'],
    hints: ['back', 'help'],
  },
  help: {
    title: 'Help',
    actions: ['closeHelp', 'up', 'down', 'pageUp', 'pageDown', 'top', 'bottom', 'interrupt'],
    hints: ['closeHelp'],
    modal: true,
  },
  confirm: {
    title: 'Questions',
    actions: ['confirm', 'cancel', 'interrupt'],
    hints: ['confirm', 'cancel'],
    modal: true,
  },
  form: {
    title: 'Forms',
    actions: ['submit', 'nextField', 'prevField', 'toggle', 'closeForm', 'interrupt'],
    hints: ['submit', 'nextField', 'toggle', 'closeForm'],
    describe: { toggle: 'switch the option on or off (on an option)' },
    modal: true,
  },
  filter: {
    title: 'Filter',
    actions: ['acceptFilter', 'clearFilter', 'interrupt'],
    hints: ['acceptFilter', 'clearFilter'],
    modal: true,
  },
};

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
