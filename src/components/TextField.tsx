/**
 * One line of editable text: the value with the cursor drawn inverse where it is, masked
 * with `*` for passwords, or a dim placeholder when empty. Presentational: the keys are the
 * owner's (`editText`).
 */
import { Text } from 'ink';
import { printable, theme } from './theme.js';

/** Props of {@link TextField}. */
export interface TextFieldProps {
  value: string;
  cursor: number;
  focused: boolean;
  /** Draw each character as `*`. */
  masked?: boolean;
  placeholder?: string;
}

/** A text field. */
export function TextField({ value, cursor, focused, masked, placeholder }: TextFieldProps) {
  const chars = masked ? [...value].map(() => '*') : [...printable(value)];
  if (chars.length === 0) {
    return (
      <Text>
        {focused ? <Text inverse> </Text> : null}
        {placeholder ? <Text color={theme.muted}>{placeholder}</Text> : null}
      </Text>
    );
  }
  if (!focused) return <Text>{chars.join('')}</Text>;
  const c = Math.max(0, Math.min(cursor, chars.length));
  return (
    <Text>
      {chars.slice(0, c).join('')}
      <Text inverse>{chars[c] ?? ' '}</Text>
      {chars.slice(c + 1).join('')}
    </Text>
  );
}
