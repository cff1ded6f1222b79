/**
 * The `?` overlay: every key that does something where the user is, by context, generated
 * from the keymap. It scrolls when it is taller than the space it has.
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

/** One line of the overlay; `id` is unique among them (a React key). */
export type OverlayLine =
  | { id: string; kind: 'title'; text: string }
  | { id: string; kind: 'key'; keys: string; description: string }
  | { id: string; kind: 'gap' };

/** The overlay's lines, titles and keys interleaved. */
export function helpLines(sections: readonly HelpSection[]): OverlayLine[] {
  const out: OverlayLine[] = [];
  for (const s of sections) {
    if (out.length > 0) out.push({ id: `gap ${s.title}`, kind: 'gap' });
    out.push({ id: s.title, kind: 'title', text: s.title });
    for (const l of s.lines)
      out.push({ id: `${s.title} ${l.action}`, kind: 'key', keys: l.keys, description: l.description });
  }
  return out;
}

/** The help overlay. */
export function HelpOverlay({ sections, width, height, offset }: HelpOverlayProps) {
  const lines = helpLines(sections);
  const room = Math.max(1, height - 1);
  const first = Math.max(0, Math.min(offset, Math.max(0, lines.length - room)));
  const keyWidth = Math.min(24, Math.max(8, ...lines.map((l) => (l.kind === 'key' ? l.keys.length : 0))));
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
            {'  '}
            <Text bold>{fitText(l.keys, keyWidth)}</Text> {l.description}
          </Text>
        ) : (
          <Text key={l.id}> </Text>
        ),
      )}
    </Box>
  );
}
