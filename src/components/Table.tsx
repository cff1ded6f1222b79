/**
 * A virtualized table: a header line over a {@link List} whose rows are the cells, each fitted
 * to its column. Column widths are fixed, except `flex` columns, which share what is left.
 */
import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { List } from './List.js';
import { fitText, theme } from './theme.js';

/** One column. */
export interface Column {
  title: string;
  /** Columns, or `flex` for a share of the rest. */
  width: number | 'flex';
  align?: 'left' | 'right';
}

/** Props of {@link Table}. */
export interface TableProps {
  columns: readonly Column[];
  /** The text of one cell; called only for visible rows. */
  cell: (index: number, column: number) => string;
  count: number;
  cursor: number;
  /** Rows including the header. */
  height: number;
  width: number;
  isMarked?: (index: number) => boolean;
  /** Rows drawn dim (see `List`). */
  isDimmed?: (index: number) => boolean;
  /** Characters of the first column's text to highlight in row `index` (see `List`). */
  highlight?: (index: number) => ReadonlySet<number> | undefined;
  empty?: ReactNode;
}

/** The two marker columns the list draws before each row. */
const MARKERS = 2;

/** The widths of `columns` in `width` columns (one space between columns). */
export function columnWidths(columns: readonly Column[], width: number): number[] {
  const gaps = Math.max(0, columns.length - 1);
  const fixed = columns.reduce((n, c) => n + (c.width === 'flex' ? 0 : c.width), 0);
  const flex = columns.filter((c) => c.width === 'flex').length;
  const rest = Math.max(0, width - MARKERS - gaps - fixed);
  return columns.map((c) => (c.width === 'flex' ? Math.floor(rest / Math.max(1, flex)) : c.width));
}

/** A table of `count` rows. */
export function Table({
  columns,
  cell,
  count,
  cursor,
  height,
  width,
  isMarked,
  isDimmed,
  highlight,
  empty,
}: TableProps) {
  const widths = columnWidths(columns, width);
  const line = (text: (c: number) => string): string =>
    columns.map((c, i) => fitText(text(i), widths[i] ?? 0, c.align)).join(' ');
  return (
    <Box flexDirection="column" height={height}>
      <Text bold color={theme.muted} wrap="truncate-end">
        {'  '}
        {line((i) => columns[i]?.title ?? '')}
      </Text>
      <List
        count={count}
        cursor={cursor}
        height={Math.max(0, height - 1)}
        renderRow={(row) => line((c) => cell(row, c))}
        {...(isMarked ? { isMarked } : {})}
        {...(isDimmed ? { isDimmed } : {})}
        {...(highlight
          ? { highlight: (row: number) => clip(highlight(row), cell(row, 0), widths[0] ?? 0) }
          : {})}
        {...(empty !== undefined ? { empty } : {})}
      />
    </Box>
  );
}

/** Positions that fall inside the first column as drawn (a cut text ends in `…`). */
function clip(positions: ReadonlySet<number> | undefined, text: string, width: number) {
  if (!positions) return undefined;
  const limit = [...text].length > width ? width - 1 : width;
  return new Set([...positions].filter((p) => p < limit));
}
