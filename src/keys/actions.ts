/**
 * Every action berth has, the keys bound to it and what it does: the first half of the
 * keymap (see `keymap.ts`, which explains how keys are looked up).
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
