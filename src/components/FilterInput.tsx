/**
 * The `/` filter line: the filter text (with the cursor while editing) and how many rows
 * match. The keys are the screen's (`editText` in the `filter` context).
 */
import { Box, Text } from 'ink';
import { TextField } from './TextField.js';
import { theme } from './theme.js';

/** Props of {@link FilterInput}. */
export interface FilterInputProps {
  value: string;
  cursor: number;
  /** The filter has the keyboard. */
  editing: boolean;
  matches: number;
  total: number;
}

/** A filter line. */
export function FilterInput({ value, cursor, editing, matches, total }: FilterInputProps) {
  return (
    <Box height={1}>
      <Text color={theme.accent}>/</Text>
      <Box flexGrow={1}>
        <TextField
          value={value}
          cursor={cursor}
          focused={editing}
          placeholder={editing ? 'type to filter' : ''}
        />
      </Box>
      <Text color={theme.muted}>
        {' '}
        {matches}/{total}
      </Text>
    </Box>
  );
}
