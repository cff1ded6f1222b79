/**
 * Shown instead of everything when the terminal is smaller than berth's layout needs; keys
 * are ignored meanwhile (except Ctrl-C), so nothing happens that the user cannot see.
 */
import { Box, Text } from 'ink';

/** The smallest terminal berth lays out for. */
export const MIN_COLUMNS = 80;
export const MIN_ROWS = 24;

/** Props of {@link TooSmall}. */
export interface TooSmallProps {
  columns: number;
  rows: number;
}

/** Whether a terminal of this size is too small. */
export function isTooSmall(columns: number, rows: number): boolean {
  return columns < MIN_COLUMNS || rows < MIN_ROWS;
}

/** The notice. */
export function TooSmall({ columns, rows }: TooSmallProps) {
  return (
    <Box flexDirection="column">
      <Text bold>
        terminal too small (need {MIN_COLUMNS}×{MIN_ROWS})
      </Text>
      <Text>
        now {columns}×{rows}; resize it, or press Ctrl-C to quit
      </Text>
    </Box>
  );
}
