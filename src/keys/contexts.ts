/**
 * Where keys are looked up: a context per screen and per layer, each listing its actions
 * and hints. The second half of the keymap (see `keymap.ts`).
 */
import type { Action } from './actions.js';

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
