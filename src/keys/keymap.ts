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
  | 'clearFilter'
  | 'nextSection'
  | 'prevSection'
  | 'section1'
  | 'section2'
  | 'section3'
  | 'section4'
  | 'section5'
  | 'section6'
  | 'fold'
  | 'unfold'
  | 'foldUp'
  | 'toggleImageView'
  | 'prevLayer'
  | 'nextLayer'
  | 'leave'
  | 'complete'
  | 'fieldDown'
  | 'fieldUp'
  | 'startCopy'
  | 'optionPrev'
  | 'optionNext'
  | 'cancelJob'
  | 'clearJobs'
  | 'jobs'
  | 'deleteDigest'
  | 'deleteTagOnly'
  | 'bookmark';

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
  nextSection: { keys: ['tab'], description: 'next section', hint: 'section' },
  prevSection: { keys: ['shift+tab'], description: 'previous section', hint: 'prev section' },
  section1: { keys: ['1'], description: 'show section 1 (numbered on the tab row)', hint: '1st' },
  section2: { keys: ['2'], description: 'show section 2 (numbered on the tab row)', hint: '2nd' },
  section3: { keys: ['3'], description: 'show section 3 (numbered on the tab row)', hint: '3rd' },
  section4: { keys: ['4'], description: 'show section 4 (numbered on the tab row)', hint: '4th' },
  section5: { keys: ['5'], description: 'show section 5 (numbered on the tab row)', hint: '5th' },
  section6: { keys: ['6'], description: 'show section 6 (numbered on the tab row)', hint: '6th' },
  fold: { keys: ['return', 'space'], description: 'fold or unfold the directory', hint: 'fold' },
  unfold: { keys: ['l', 'right'], description: 'unfold the directory', hint: 'unfold' },
  foldUp: {
    keys: ['h', 'left'],
    description: 'fold the directory, or go to the one above',
    hint: 'fold up',
  },
  toggleImageView: {
    keys: ['a'],
    description: "switch between the layer's files and the whole image's (added/modified/removed)",
    hint: 'all layers',
  },
  prevLayer: { keys: ['['], description: 'previous layer', hint: 'prev layer' },
  nextLayer: { keys: [']'], description: 'next layer', hint: 'next layer' },
  // `back` without h and ←, for screens that give those their own meaning.
  leave: { keys: ['escape', 'backspace'], description: 'go back', hint: 'back' },
  complete: { keys: ['tab'], description: 'complete the destination', hint: 'complete' },
  // Tab completes in the Copy form, so only the arrows (and Shift-Tab) move between its fields.
  fieldDown: { keys: ['down'], description: 'next field', hint: 'next' },
  fieldUp: { keys: ['up', 'shift+tab'], description: 'previous field', hint: 'prev' },
  startCopy: { keys: ['return'], description: 'start the copy', hint: 'copy', mutating: true },
  optionPrev: { keys: ['left'], description: 'choose the previous option', hint: 'choose' },
  optionNext: { keys: ['right'], description: 'choose the next option', hint: 'choose' },
  cancelJob: { keys: ['x'], description: 'cancel the job (asks first)', hint: 'cancel job' },
  clearJobs: { keys: ['C'], description: 'remove the finished jobs from the list', hint: 'clear' },
  jobs: { keys: ['J'], description: 'show the copy and delete jobs', hint: 'jobs' },
  deleteDigest: {
    keys: ['y'],
    description: 'delete the digest, with every tag on it',
    hint: 'delete digest',
    mutating: true,
  },
  deleteTagOnly: {
    keys: ['t'],
    description: 'delete only the tag; the digest and its other tags stay',
    hint: 'this tag only',
    mutating: true,
  },
  bookmark: { keys: ['b'], description: 'bookmark the repository, or remove the bookmark', hint: 'bookmark' },
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
  | 'jobs'
  | 'delete-dialog'
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
    actions: ['help', 'goto', 'jobs', 'quit', 'interrupt'],
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
    actions: ['open', 'back', 'bookmark', 'yank', 'refresh'],
    uses: ['list'],
    hints: ['open', 'back', 'filter', 'bookmark', 'goto', 'help', 'quit'],
    describe: {
      open: 'show the tags',
      filter: 'filter; on Docker Hub, search; without a catalog, type a repository',
      yank: 'copy the repository name (OSC 52)',
      refresh: 'load the list again (Docker Hub: search again)',
    },
  },
  tags: {
    title: 'Tags',
    actions: ['open', 'back', 'sort', 'mark', 'yank', 'copyImage', 'delete', 'refresh'],
    uses: ['list'],
    hints: ['open', 'back', 'filter', 'sort', 'mark', 'copyImage', 'delete', 'help'],
    describe: {
      open: 'inspect the image',
      yank: 'copy the reference (OSC 52)',
      sort: 'sort by name, version (newest first, per variant) or date',
      mark: 'mark or unmark the tag (copy and delete take the marked tags)',
      refresh: 'list the tags again',
    },
  },
  image: {
    title: 'Image',
    actions: [
      'open',
      'back',
      'nextSection',
      'prevSection',
      'section1',
      'section2',
      'section3',
      'section4',
      'section5',
      'section6',
      'yank',
      'copyImage',
      'delete',
      'refresh',
    ],
    uses: ['list'],
    hints: ['open', 'back', 'nextSection', 'yank', 'copyImage', 'delete', 'help'],
    describe: {
      open: "open the platform's image, the layer's files or the referrer",
      yank: 'copy the row (a command line, digest or value) to the clipboard (OSC 52)',
    },
  },
  'layer-files': {
    title: 'Layer files',
    actions: [
      'fold',
      'unfold',
      'foldUp',
      'leave',
      'toggleImageView',
      'prevLayer',
      'nextLayer',
      'sort',
      'yank',
      'refresh',
    ],
    uses: ['list'],
    hints: ['fold', 'leave', 'toggleImageView', 'filter', 'sort', 'nextLayer', 'help'],
    describe: {
      sort: 'sort by name or by size (largest first)',
      yank: 'copy the path (OSC 52)',
      refresh: 'read the layer again',
    },
  },
  // A form: every printable key belongs to the destination field, so no global keys.
  copy: {
    title: 'Copy',
    actions: [
      'startCopy',
      'complete',
      'fieldDown',
      'fieldUp',
      'optionPrev',
      'optionNext',
      'toggle',
      'closeForm',
      'interrupt',
    ],
    hints: ['startCopy', 'complete', 'fieldDown', 'optionNext', 'closeForm'],
    describe: {
      complete: 'complete the destination (on another field: next field)',
      closeForm: 'go back without copying',
      toggle: 'mark or unmark the platform',
      interrupt: 'cancel reading the source; with nothing in flight, quit',
    },
    modal: true,
  },
  jobs: {
    title: 'Jobs',
    actions: ['cancelJob', 'clearJobs', 'back'],
    uses: ['list'],
    hints: ['cancelJob', 'clearJobs', 'back', 'help', 'quit'],
  },
  'delete-dialog': {
    title: 'Delete',
    actions: ['deleteTagOnly', 'deleteDigest', 'cancel', 'interrupt'],
    hints: ['deleteTagOnly', 'deleteDigest', 'cancel'],
    describe: { cancel: 'keep everything', interrupt: 'stop looking up tags; the question stays' },
    modal: true,
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
