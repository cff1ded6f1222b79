/**
 * Go's `text/tabwriter` as skopeo's `inspect --format` configures it
 * (`tabwriter.NewWriter(out, 8, 2, 2, ' ', 0)`): tab-terminated cells are aligned into
 * columns padded with spaces to the widest cell plus 2, and at least 8; the text after a
 * line's last tab is not part of any column. A column runs over consecutive lines that
 * have a cell in it, so a line without tabs ends every column above it.
 */

export interface TabWriterOptions {
  minWidth: number;
  padding: number;
}

/** skopeo's settings. */
export const SKOPEO_TABS: TabWriterOptions = { minWidth: 8, padding: 2 };

interface Cell {
  text: string;
  width: number;
}

// Go counts runes, not UTF-16 units.
const runeCount = (s: string) => [...s].length;

/**
 * Aligns `text` as tabwriter does when flushed at the end. (skopeo 1.9.3 never flushes its
 * tabwriter, so it loses a trailing block of lines with tabs; later versions flush, and
 * berth prints what they print.)
 */
export function alignTabs(text: string, opts: TabWriterOptions = SKOPEO_TABS): string {
  // `\v` is a soft tab and `\f` a line break that flushes; both end up as tabs and newlines.
  const normalized = text.replace(/\v/g, '\t').replace(/\f/g, '\n');
  if (!normalized.includes('\t')) return normalized;
  const endsWithNewline = normalized.endsWith('\n');
  const rawLines = (endsWithNewline ? normalized.slice(0, -1) : normalized).split('\n');
  const lines: Cell[][] = rawLines.map((l) => l.split('\t').map((t) => ({ text: t, width: runeCount(t) })));
  const out: string[] = [];
  format(lines, 0, lines.length, [], opts, out);
  return out.join('\n') + (endsWithNewline ? '\n' : '');
}

function format(
  lines: Cell[][],
  line0: number,
  line1: number,
  widths: number[],
  opts: TabWriterOptions,
  out: string[],
): void {
  const column = widths.length;
  let start = line0;
  for (let i = line0; i < line1; i++) {
    // A cell exists in this column only when it is tab-terminated (not the last on its line).
    if (column >= lines[i]!.length - 1) continue;
    writeLines(lines, start, i, widths, out);
    let width = opts.minWidth;
    let end = i;
    for (; end < line1 && column < lines[end]!.length - 1; end++) {
      width = Math.max(width, lines[end]![column]!.width + opts.padding);
    }
    format(lines, i, end, [...widths, width], opts, out);
    start = end;
    i = end - 1;
  }
  writeLines(lines, start, line1, widths, out);
}

function writeLines(lines: Cell[][], from: number, to: number, widths: number[], out: string[]): void {
  for (let i = from; i < to; i++) {
    out.push(
      lines[i]!.map((cell, j) =>
        j < widths.length ? cell.text + ' '.repeat(Math.max(0, widths[j]! - cell.width)) : cell.text,
      ).join(''),
    );
  }
}
