/**
 * An index's platforms as a checklist in the Copy form, windowed like a list: a Docker Hub
 * index can list a dozen platforms, more than the form has rows for at 80×24, and Ink
 * squeezes a column that overflows its height until rows overlap. So only `height` rows are
 * drawn, the window follows the cursor (moving only when it leaves, as List does), and a
 * line above says which part is shown and what is not offered (attestation manifests).
 */
import { Box, Text } from 'ink';
import { useRef } from 'react';
import { scrollOffset } from '../components/List.js';
import { printable, theme } from '../components/theme.js';
import { formatPlatform, type Platform } from '../registry/manifest/index.js';

/** Lines the checklist uses besides its rows: the count line. */
export const CHECKLIST_CHROME = 1;

/** Props of {@link PlatformChecklist}. */
export interface PlatformChecklistProps {
  platforms: readonly Platform[];
  /** Indexes into `platforms` that are ticked. */
  chosen: readonly number[];
  /** The row with the cursor; undefined while another field has it (the window stays put). */
  cursor: number | undefined;
  /** Rows for platforms (the count line comes on top of these). */
  height: number;
  /** Attestation manifests the index lists besides. */
  attestations: number;
  /** The width of the form's labels, to line the checkboxes up with the form's values. */
  labelWidth: number;
}

/** `3–12 of 16 platforms`, or `2 platforms` when all are shown; attestations named after. */
export function checklistSummary(opts: {
  first: number;
  last: number;
  total: number;
  attestations: number;
}): string {
  const { first, last, total, attestations } = opts;
  const noun = total === 1 ? 'platform' : 'platforms';
  const shown =
    first === 0 && last === total ? `${total} ${noun}` : `${first + 1}–${last} of ${total} ${noun}`;
  if (attestations === 0) return shown;
  return `${shown} (+${attestations} attestation${attestations === 1 ? '' : 's'}, copied with all)`;
}

/** The checklist. */
export function PlatformChecklist({
  platforms,
  chosen,
  cursor,
  height,
  attestations,
  labelWidth,
}: PlatformChecklistProps) {
  const offsetRef = useRef(0);
  const rows = Math.max(1, height);
  const offset = scrollOffset(offsetRef.current, cursor ?? offsetRef.current, platforms.length, rows);
  offsetRef.current = offset;
  const end = Math.min(platforms.length, offset + rows);
  const label = ' '.repeat(labelWidth);
  return (
    <Box flexDirection="column" flexShrink={0}>
      <Text color={theme.muted} wrap="truncate-end">
        {'  '}
        {label} {checklistSummary({ first: offset, last: end, total: platforms.length, attestations })}
      </Text>
      {platforms.slice(offset, end).map((p, k) => {
        const i = offset + k;
        const focused = i === cursor;
        return (
          <Text key={`${formatPlatform(p)} ${i}`} wrap="truncate-end">
            <Text bold={focused} inverse={focused}>
              {focused ? '>' : ' '} {label}
            </Text>{' '}
            [{chosen.includes(i) ? 'x' : ' '}] {printable(formatPlatform(p))}
          </Text>
        );
      })}
    </Box>
  );
}
