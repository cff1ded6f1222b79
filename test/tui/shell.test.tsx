/**
 * The shell around the screens, against a store with real dependencies in a sandbox (no
 * registry needed): the frame fits in rows − 1, the footer and the `?` overlay come from the
 * keymap, the too-small notice ignores keys, q quits, y copies (OSC 52 and the status line).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { helpLines } from '../../src/components/HelpOverlay.js';
import { helpFor, hintsFor } from '../../src/keys/keymap.js';
import { type BerthStore, createBerthStore } from '../../src/store/index.js';
import { KEYS, type RenderedApp, renderApp } from './render.js';
import { makeTuiSandbox, type TuiSandbox } from './sandbox.js';
import { untilState } from './until.js';

let sb: TuiSandbox;
let store: BerthStore;
let app: RenderedApp | undefined;

beforeEach(async () => {
  sb = await makeTuiSandbox({
    files: {
      '.docker/config.json': JSON.stringify({
        auths: { 'quay.io': { auth: Buffer.from('bob:pw').toString('base64') } },
      }),
    },
  });
  store = createBerthStore(sb.deps);
});
afterEach(async () => {
  app?.unmount();
  app = undefined;
  await sb.remove();
});

const footer = (frame: string): string => frame.split('\n').at(-1) ?? '';

describe('frame', () => {
  it.each([
    { columns: 80, rows: 24 },
    { columns: 120, rows: 40 },
  ])('fits $columns×$rows in rows − 1 lines', async ({ columns, rows }) => {
    app = await renderApp(store, { columns, rows });
    const frame = await app.waitFor('quay.io');
    const lines = frame.split('\n');
    expect(lines).toHaveLength(rows - 1);
    expect(Math.max(...lines.map((l) => [...l].length))).toBeLessThanOrEqual(columns);
    expect(lines[0]).toBe('berth › registries');
  });

  it('shows the registries at 80×24', async () => {
    app = await renderApp(store, { columns: 80, rows: 24 });
    const frame = await app.waitFor('quay.io');
    expect(
      frame
        .split('\n')
        .slice(1, 5)
        .map((l) => l.trimEnd()),
    ).toEqual([
      'Registries 2',
      '  REGISTRY   LOGIN  KNOWN FROM',
      '> docker.io         default',
      '  quay.io    bob    docker config',
    ]);
  });
});

describe('keys from the keymap', () => {
  it('the footer is the registries context’s hints', async () => {
    app = await renderApp(store, { columns: 100, rows: 30 });
    const frame = await app.waitFor('quay.io');
    expect(footer(frame)).toBe(
      hintsFor('registries')
        .map((h) => `${h.key} ${h.label}`)
        .join('  '),
    );
  });

  it('? shows every key of the screen’s help, and Esc closes it', async () => {
    app = await renderApp(store, { columns: 100, rows: 60 });
    await app.waitFor('quay.io');
    const frame = await app.press('?');
    for (const line of helpLines(helpFor('registries'))) {
      if (line.kind === 'key')
        expect(frame).toMatch(new RegExp(`${escapeRegExp(line.keys)}\\s+${escapeRegExp(line.description)}`));
      if (line.kind === 'title') expect(frame).toContain(line.text);
    }
    expect(footer(frame)).toBe(
      hintsFor('help')
        .map((h) => `${h.key} ${h.label}`)
        .join('  '),
    );
    expect(await app.press(KEYS.escape)).toContain('> docker.io');
  });

  it('help scrolls when it does not fit', async () => {
    app = await renderApp(store, { columns: 80, rows: 24 });
    await app.waitFor('quay.io');
    const first = await app.press('?');
    expect(first).toContain('(↑↓ to scroll)');
    expect(first).not.toContain('quit (asks while transfers run)');
    const last = await app.press('G');
    expect(last).toContain('quit (asks while transfers run)');
    expect(last).not.toContain('browse the registry');
    expect(await app.press('g')).toContain('browse the registry');
  });

  it('j and k move the selection, g and G jump', async () => {
    app = await renderApp(store, { columns: 80, rows: 24 });
    await app.waitFor('quay.io');
    expect(await app.press('j')).toContain('> quay.io');
    expect(await app.press('k')).toContain('> docker.io');
    expect(await app.press('G')).toContain('> quay.io');
    expect(await app.press('g')).toContain('> docker.io');
  });

  it('y copies the selected name with OSC 52 and shows it in the status line', async () => {
    app = await renderApp(store, { columns: 80, rows: 24 });
    await app.waitFor('quay.io');
    await app.press('j');
    expect(await app.press('y')).toContain('copied: quay.io');
    expect(app.copied).toEqual(['quay.io']);
  });

  it('/ filters fuzzily, Enter keeps the filter, Esc clears it', async () => {
    app = await renderApp(store, { columns: 80, rows: 24 });
    await app.waitFor('quay.io');
    await app.press('/');
    const filtered = await app.type('qy');
    expect(filtered).toContain('/qy');
    expect(filtered).toContain('1/2');
    expect(filtered).not.toContain('docker.io');
    expect(footer(await app.press(KEYS.enter))).toContain('Enter open');
    expect(await app.press(KEYS.escape)).toContain('docker.io');
  });

  it('q quits', async () => {
    app = await renderApp(store, { columns: 80, rows: 24 });
    await app.waitFor('quay.io');
    app.write('q');
    expect(store.getState().quitRequested).toBe(true);
  });

  it('read-only shows it in the status line', async () => {
    store = createBerthStore(sb.deps, { readOnly: true });
    app = await renderApp(store, { columns: 80, rows: 24 });
    expect(await app.waitFor('quay.io')).toContain('read-only');
  });
});

describe('too small', () => {
  it('below 80×24 shows the notice and ignores keys; back at 80×24 all works', async () => {
    app = await renderApp(store, { columns: 79, rows: 24 });
    const small = await app.waitFor('terminal too small (need 80×24)');
    expect(small).not.toContain('Registries');
    // Keys are dispatched as they are written: by now 'a' has been ignored.
    app.write('a');
    app.write('?');
    expect(store.getState().modal).toBeUndefined();

    app.resize(80, 23);
    expect(await app.waitFor('now 80×23')).toContain('terminal too small');
    app.resize(80, 24);
    await app.waitFor('quay.io');
    expect(await app.press('a')).toContain('Add a registry');
  });

  it('Ctrl-C still quits while too small', async () => {
    app = await renderApp(store, { columns: 60, rows: 20 });
    await app.waitFor('terminal too small');
    // Nothing in flight (else the first Ctrl-C cancels that).
    await untilState(store, (s) => s.registriesStatus === 'ready', 'the registries');
    app.write(KEYS.ctrlC);
    expect(store.getState().quitRequested).toBe(true);
  });
});

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
