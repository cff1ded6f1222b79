/**
 * A small form: text fields, hidden fields (passwords, shown as `*`) and on/off options,
 * one per line, the focused one marked with `>`. Presentational: the owner keeps the values,
 * cursors and focus, and handles the keys (the keymap's `form` context).
 */
import { Box, Text } from 'ink';
import { TextField } from './TextField.js';
import { printable, theme } from './theme.js';

/** One field. */
export type FormField =
  | { id: string; label: string; kind: 'text' | 'password'; placeholder?: string }
  | { id: string; label: string; kind: 'toggle' };

/** Props of {@link Form}. */
export interface FormProps {
  title: string;
  fields: readonly FormField[];
  values: Readonly<Record<string, string | boolean>>;
  /** Cursor of each text field. */
  cursors: Readonly<Record<string, number>>;
  focus: number;
  /** Why the last submit failed. */
  error?: string;
  /** Shown while the submit is being checked. */
  busy?: string;
  width: number;
}

/** A form in a box. */
export function Form({ title, fields, values, cursors, focus, error, busy, width }: FormProps) {
  const labelWidth = Math.max(...fields.map((f) => f.label.length)) + 1;
  return (
    <Box flexDirection="column" borderStyle="single" paddingX={1} width={Math.min(width, 72)}>
      <Text bold>{printable(title)}</Text>
      {fields.map((f, i) => {
        const focused = i === focus && !busy;
        const marker = focused ? '>' : ' ';
        if (f.kind === 'toggle') {
          return (
            <Text key={f.id} inverse={focused}>
              {marker} {f.label.padEnd(labelWidth)} [{values[f.id] === true ? 'x' : ' '}]
            </Text>
          );
        }
        const value = typeof values[f.id] === 'string' ? (values[f.id] as string) : '';
        return (
          <Box key={f.id}>
            <Text bold={focused}>
              {marker} {f.label.padEnd(labelWidth)}{' '}
            </Text>
            <TextField
              value={value}
              cursor={cursors[f.id] ?? [...value].length}
              focused={focused}
              masked={f.kind === 'password'}
              {...(f.placeholder ? { placeholder: f.placeholder } : {})}
            />
          </Box>
        );
      })}
      {busy ? <Text color={theme.accent}>{printable(busy)}…</Text> : null}
      {error ? (
        <Text color={theme.error} wrap="wrap">
          error: {printable(error)}
        </Text>
      ) : null}
    </Box>
  );
}
