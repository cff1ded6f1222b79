/**
 * The virtualized list with 100 000 rows: only the visible rows are rendered (the row
 * function is called for them alone), and the end is one `G` away.
 */
import { render } from 'ink-testing-library';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { List } from '../../src/components/List.js';
import { listNavigation } from '../../src/keys/list-navigation.js';
import { KeypressProvider, useKeymap } from '../../src/keys/use-keymap.js';
import { KEYS, waitUntil } from './render.js';

const ROWS = 100_000;
const HEIGHT = 20;

function Harness({ onRow }: { onRow: (i: number) => void }) {
  const [cursor, setCursor] = useState(0);
  useKeymap(
    'list',
    listNavigation({ index: () => cursor, count: () => ROWS, page: () => HEIGHT, setIndex: setCursor }),
  );
  return (
    <List
      count={ROWS}
      cursor={cursor}
      height={HEIGHT}
      renderRow={(i) => {
        onRow(i);
        return `row ${i}`;
      }}
    />
  );
}

describe('List with 100 000 rows', () => {
  it('renders only the visible rows, and G goes to the end at once', async () => {
    let calls: number[] = [];
    const { lastFrame, stdin, unmount } = render(
      <KeypressProvider enabled>
        <Harness onRow={(i) => calls.push(i)} />
      </KeypressProvider>,
    );
    const frame = () => lastFrame() ?? '';
    const lines = () => frame().split('\n');
    expect(lines()).toHaveLength(HEIGHT);
    expect(lines()[0]).toBe('> row 0');
    expect(lines().at(-1)).toBe('  row 19');
    expect(new Set(calls)).toEqual(new Set(Array.from({ length: HEIGHT }, (_, i) => i)));

    const press = async (key: string): Promise<void> => {
      const before = frame();
      calls = [];
      stdin.write(key);
      await waitUntil(
        () => frame() !== before,
        () => `a new frame after ${JSON.stringify(key)}`,
      );
    };

    await press('G');
    expect(lines()[0]).toBe('  row 99980');
    expect(lines().at(-1)).toBe('> row 99999');
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.every((i) => i >= ROWS - HEIGHT)).toBe(true);
    expect(calls.length % HEIGHT).toBe(0);

    // Scrolling up past the window moves it by as little as needed.
    await press(KEYS.pageUp);
    expect(lines()[0]).toBe('> row 99979');
    await press('k');
    expect(lines()[0]).toBe('> row 99978');
    expect(calls.every((i) => i >= ROWS - 2 * HEIGHT)).toBe(true);

    await press('g');
    expect(lines()[0]).toBe('> row 0');
    unmount();
  });
});
