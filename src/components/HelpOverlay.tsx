/**
 * The `?` overlay: every key that does something where the user is, by context, generated
 * from the keymap. A description too long for the line wraps onto lines of its own under
 * itself, and the overlay scrolls when it is taller than the space it has.
 */
import { Box, Text } from 'ink';
import type { HelpSection } from '../keys/keymap.js';
import { fitText, theme } from './theme.js';

/** Props of {@link HelpOverlay}. */
export interface HelpOverlayProps {
  sections: readonly HelpSection[];
  width: number;
  height: number;
  /** The first line shown. */
  offset: number;
}

/** One line of the overlay; `id` is unique among them (a React key). `keys` is '' under a wrapped description. */
export type OverlayLine =
  | { id: string; kind: 'title'; text: string }
  | { id: string; kind: 'key'; keys: string; description: string }
  | { id: string; kind: 'gap' };

/** Options for {@link helpLines}. */
export interface HelpLinesOptions {
  /** The overlay's width; descriptions wrap to fit it. Unset: one line per key. */
  width?: number;
}

/** The indent before the keys, and the space between them and the description. */
const KEY_INDENT = 2;
const KEY_GAP = 1;
/** Narrower than this, a description is cut rather than wrapped a word a line. */
const MIN_DESCRIPTION = 16;

/** The width of the keys column: the longest keys, within 8 to 24 columns. */
export function keyColumnWidth(sections: readonly HelpSection[]): number {
  const longest = sections.flatMap((s) => s.lines.map((l) => [...l.keys].length));
  return Math.min(24, Math.max(8, ...longest));
}

/** `text` in lines of at most `width` columns, broken between words (a longer word is cut). */
export function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const joined = line === '' ? word : `${line} ${word}`;
    if ([...joined].length <= width || line === '') line = joined;
    else {
      lines.push(line);
      line = word;
    }
  }
  lines.push(line);
  return lines;
}

/** The overlay's lines, titles and keys interleaved. */
export function helpLines(sections: readonly HelpSection[], opts: HelpLinesOptions = {}): OverlayLine[] {
  const room =
    opts.width === undefined
      ? Number.POSITIVE_INFINITY
      : opts.width - KEY_INDENT - keyColumnWidth(sections) - KEY_GAP;
  const out: OverlayLine[] = [];
  for (const s of sections) {
    if (out.length > 0) out.push({ id: `gap ${s.title}`, kind: 'gap' });
    out.push({ id: s.title, kind: 'title', text: s.title });
    for (const l of s.lines) {
      const parts = room >= MIN_DESCRIPTION ? wrapWords(l.description, room) : [l.description];
      parts.forEach((description, i) => {
        out.push({
          id: `${s.title} ${l.action} ${i}`,
          kind: 'key',
          keys: i === 0 ? l.keys : '',
          description,
        });
      });
    }
  }
  return out;
}

/** The help overlay. */
export function HelpOverlay({ sections, width, height, offset }: HelpOverlayProps) {
  const lines = helpLines(sections, { width });
  const room = Math.max(1, height - 1);
  const first = Math.max(0, Math.min(offset, Math.max(0, lines.length - room)));
  const keyWidth = keyColumnWidth(sections);
  return (
    <Box flexDirection="column" height={height} width={width}>
      <Text bold>Keys{lines.length > room ? <Text color={theme.muted}> (↑↓ to scroll)</Text> : null}</Text>
      {lines.slice(first, first + room).map((l) =>
        l.kind === 'title' ? (
          <Text key={l.id} bold color={theme.accent}>
            {l.text}
          </Text>
        ) : l.kind === 'key' ? (
          <Text key={l.id} wrap="truncate-end">
            {' '.repeat(KEY_INDENT)}
            <Text bold>{fitText(l.keys, keyWidth)}</Text>
            {' '.repeat(KEY_GAP)}
            {l.description}
          </Text>
        ) : (
          <Text key={l.id}> </Text>
        ),
      )}
    </Box>
  );
}
