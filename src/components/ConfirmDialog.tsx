/**
 * A yes/no question. The keys (y/Enter, n/Esc) come from the keymap's `confirm` context;
 * the owner handles them.
 */
import { Box, Text } from 'ink';
import { printable, theme } from './theme.js';

/** Props of {@link ConfirmDialog}. */
export interface ConfirmDialogProps {
  title: string;
  lines: readonly string[];
  /** What "yes" does, e.g. "quit" or "delete 3 tags". */
  confirmLabel: string;
  width: number;
}

/** A question in a box. */
export function ConfirmDialog({ title, lines, confirmLabel, width }: ConfirmDialogProps) {
  return (
    <Box flexDirection="column" borderStyle="single" paddingX={1} width={Math.min(width, 72)}>
      <Text bold>{printable(title)}</Text>
      <Text wrap="wrap">{printable(lines.join('\n'))}</Text>
      <Text>
        <Text bold color={theme.key}>
          y
        </Text>{' '}
        {confirmLabel}
        {'  '}
        <Text bold color={theme.key}>
          n
        </Text>{' '}
        cancel
      </Text>
    </Box>
  );
}
