import { describe, expect, it } from 'vitest';
import {
  ACTIONS,
  type Action,
  actionFor,
  CONTEXTS,
  type Context,
  formatKey,
  helpFor,
  hintsFor,
  lookupChain,
} from './keymap.js';

const contexts = Object.keys(CONTEXTS) as Context[];

describe('keymap table', () => {
  it('uses every action in some context', () => {
    const used = new Set(contexts.flatMap((c) => CONTEXTS[c].actions));
    expect((Object.keys(ACTIONS) as Action[]).filter((a) => !used.has(a))).toEqual([]);
  });

  it.each(contexts)('%s binds each key to one action of its own', (c) => {
    const seen = new Map<string, Action>();
    const clashes: string[] = [];
    for (const a of CONTEXTS[c].actions) {
      for (const k of ACTIONS[a].keys) {
        const other = seen.get(k);
        if (other) clashes.push(`${k}: ${other} and ${a}`);
        seen.set(k, a);
      }
    }
    expect(clashes).toEqual([]);
  });

  it.each(contexts)('%s hints only actions that are reachable there', (c) => {
    const reachable = new Set(lookupChain(c).flatMap((x) => CONTEXTS[x].actions));
    expect(CONTEXTS[c].hints.filter((a) => !reachable.has(a))).toEqual([]);
  });

  it('keeps dialogs free of the global keys', () => {
    for (const c of contexts.filter((x) => CONTEXTS[x].modal)) expect(lookupChain(c)).not.toContain('global');
  });
});

describe('actionFor', () => {
  it.each([
    { name: 'j moves down in a list screen', context: 'registries', key: 'j', action: 'down' },
    { name: 'arrow down too', context: 'repositories', key: 'down', action: 'down' },
    { name: 'G goes to the end', context: 'tags', key: 'G', action: 'bottom' },
    { name: 'End too', context: 'tags', key: 'end', action: 'bottom' },
    { name: 'Enter opens', context: 'registries', key: 'return', action: 'open' },
    { name: 'l opens', context: 'repositories', key: 'l', action: 'open' },
    { name: 'Esc goes back', context: 'repositories', key: 'escape', action: 'back' },
    { name: 'Backspace goes back', context: 'tags', key: 'backspace', action: 'back' },
    {
      name: ': adds a registry on the registries screen',
      context: 'registries',
      key: ':',
      action: 'addRegistry',
    },
    { name: ': goes to a reference elsewhere', context: 'repositories', key: ':', action: 'goto' },
    { name: 'q quits from a screen', context: 'tags', key: 'q', action: 'quit' },
    { name: 'Ctrl-C interrupts from a screen', context: 'registries', key: 'ctrl+c', action: 'interrupt' },
    { name: 'q closes help', context: 'help', key: 'q', action: 'closeHelp' },
    { name: 'Ctrl-C reaches a form', context: 'form', key: 'ctrl+c', action: 'interrupt' },
    { name: 'y says yes to a question', context: 'confirm', key: 'y', action: 'confirm' },
    { name: 'y yanks on tags', context: 'tags', key: 'y', action: 'yank' },
    { name: 'c copies an image', context: 'tags', key: 'c', action: 'copyImage' },
  ] as const)('$name', ({ context, key, action }) => {
    expect(actionFor(context, key)).toBe(action);
  });

  it.each([
    { name: 'a letter typed into a form', context: 'form', key: 'n' },
    { name: 'q typed into a form', context: 'form', key: 'q' },
    { name: 'j typed into the filter', context: 'filter', key: 'j' },
    { name: 'an unbound key', context: 'registries', key: 'x' },
  ] as const)('nothing for $name', ({ context, key }) => {
    expect(actionFor(context, key)).toBeUndefined();
  });

  it('hides copy and delete in read-only mode', () => {
    expect(actionFor('tags', 'c', { readOnly: true })).toBeUndefined();
    expect(actionFor('tags', 'd', { readOnly: true })).toBeUndefined();
    expect(actionFor('tags', 'r', { readOnly: true })).toBe('refresh');
  });
});

describe('hints and help are generated from the table', () => {
  it('footer hints are each action’s first key and label', () => {
    expect(hintsFor('registries').map((h) => `${h.key} ${h.label}`)).toEqual([
      'Enter open',
      'a add',
      'L login',
      'O logout',
      '/ filter',
      '? help',
      'q quit',
    ]);
  });

  it.each(contexts)('%s: every hint is an action of the context with its first key', (c) => {
    for (const h of hintsFor(c)) {
      expect(h.key).toBe(formatKey(ACTIONS[h.action].keys[0] as string));
      expect(actionFor(c, ACTIONS[h.action].keys[0] as string)).toBe(h.action);
    }
  });

  it('read-only hints leave copy and delete out', () => {
    const all = hintsFor('tags').map((h) => h.action);
    const ro = hintsFor('tags', { readOnly: true }).map((h) => h.action);
    expect(all).toEqual(expect.arrayContaining(['copyImage', 'delete']));
    expect(ro).not.toContain('copyImage');
    expect(ro).not.toContain('delete');
  });

  it.each(contexts)('%s: every key in help does what help says', (c) => {
    for (const section of helpFor(c)) {
      for (const line of section.lines) {
        for (const label of line.keys.split(' ')) {
          const key = ACTIONS[line.action].keys.find((k) => formatKey(k) === label);
          expect(key, `${label} of ${line.action}`).toBeDefined();
          expect(actionFor(c, key as string)).toBe(line.action);
        }
      }
    }
  });

  it('help leaves out a global key a screen takes for itself', () => {
    const registries = helpFor('registries');
    const everywhere = registries.find((s) => s.title === 'Everywhere');
    expect(everywhere?.lines.map((l) => l.action)).not.toContain('goto');
    expect(registries[0]?.lines.find((l) => l.action === 'addRegistry')?.keys).toBe('a :');
  });

  it('help uses the context’s own wording', () => {
    expect(helpFor('registries')[0]?.lines.find((l) => l.action === 'open')?.description).toBe(
      'browse the registry (or the layout)',
    );
  });
});

describe('formatKey', () => {
  it.each([
    ['return', 'Enter'],
    ['escape', 'Esc'],
    ['ctrl+c', 'Ctrl-C'],
    ['pagedown', 'PgDn'],
    ['up', '↑'],
    ['space', 'Space'],
    ['shift+tab', 'Shift-Tab'],
    ['G', 'G'],
    ['?', '?'],
  ])('%s is written %s', (key, label) => {
    expect(formatKey(key)).toBe(label);
  });
});
