/**
 * A virtualized list: only the rows that fit are rendered, so 100 000 rows cost what 20 do.
 * The list keeps the cursor in view, scrolling only when the cursor leaves the window (the
 * offset is remembered between renders, as less and vim scroll). The selected row is marked
 * with `>` and drawn inverse and bold, so it is visible without colour.
 */
import { Box, Text } from 'ink';
import { type ReactNode, useRef } from 'react';
import { printable, theme } from './theme.js';

/** Props of {@link List}. */
export interface ListProps {
  count: number;
  cursor: number;
  /** Rows available, including none for a header. */
  height: number;
  /** The text of row `index`; called only for visible rows. Control characters are escaped. */
  renderRow: (index: number) => string;
  /** Marked rows (Space) get a `*`. */
  isMarked?: (index: number) => boolean;
  /** Rows drawn dim (an entry that is gone); the selected row stays inverse and bold. */
  isDimmed?: (index: number) => boolean;
  /**
   * Characters of row `index`'s text to highlight (a filter's matches), by position; called
   * only for visible rows. Drawn underlined as well as coloured, so they show without colour.
   */
  highlight?: (index: number) => ReadonlySet<number> | undefined;
  /** Shown when `count` is 0. */
  empty?: ReactNode;
}

/** The first visible row: the previous one, moved just enough to show `cursor`. */
export function scrollOffset(previous: number, cursor: number, count: number, height: number): number {
  if (height <= 0) return 0;
  let offset = previous;
  if (cursor < offset) offset = cursor;
  else if (cursor >= offset + height) offset = cursor - height + 1;
  return Math.max(0, Math.min(offset, Math.max(0, count - height)));
}

/** A list of `count` rows, showing `height` of them around `cursor`. */
export function List({ count, cursor, height, renderRow, isMarked, isDimmed, highlight, empty }: ListProps) {
  const offsetRef = useRef(0);
  if (count === 0) {
    return (
      <Box height={height}>
        {typeof empty === 'string' ? <Text color={theme.muted}>{empty}</Text> : empty}
      </Box>
    );
  }
  const offset = scrollOffset(offsetRef.current, cursor, count, height);
  offsetRef.current = offset;
  const end = Math.min(count, offset + height);
  const rows: ReactNode[] = [];
  for (let i = offset; i < end; i++) {
    const selected = i === cursor;
    const mark = isMarked?.(i) ? '*' : ' ';
    rows.push(
      <Text
        key={i}
        inverse={selected}
        bold={selected}
        dimColor={!selected && isDimmed?.(i) === true}
        wrap="truncate-end"
      >
        {selected ? '>' : ' '}
        {mark}
        {highlighted(renderRow(i), highlight?.(i))}
      </Text>,
    );
  }
  return (
    <Box flexDirection="column" height={height}>
      {rows}
    </Box>
  );
}

/** `text` cut into runs of characters that are highlighted (at `positions`) or not. */
export function highlightRuns(
  text: string,
  positions: ReadonlySet<number> | undefined,
): { text: string; on: boolean }[] {
  const chars = [...text];
  if (!positions || positions.size === 0) return [{ text, on: false }];
  const runs: { text: string; on: boolean }[] = [];
  for (const [i, c] of chars.entries()) {
    const on = positions.has(i);
    const last = runs[runs.length - 1];
    if (last && last.on === on) last.text += c;
    else runs.push({ text: c, on });
  }
  return runs;
}

function highlighted(text: string, positions: ReadonlySet<number> | undefined): ReactNode {
  if (!positions || positions.size === 0) return printable(text);
  return highlightRuns(text, positions).map((r, k) =>
    r.on ? (
      // Runs are in a fixed order for a given row text, so the index is a stable key.
      // biome-ignore lint/suspicious/noArrayIndexKey: see above
      <Text key={k} underline color={theme.accent}>
        {printable(r.text)}
      </Text>
    ) : (
      printable(r.text)
    ),
  );
}
