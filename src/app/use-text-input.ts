/**
 * A text field's cursor, and the key handler that edits the field's value (kept by the
 * caller, in the store or in state) through `editText`.
 */
import { useRef, useState } from 'react';
import { editText } from '../keys/text-edit.js';
import type { KeyEvent } from '../keys/use-keymap.js';

/** The cursor of a field whose value is `value`, and the handler for its keys. */
export function useTextInput(
  value: string,
  onChange: (value: string) => void,
): { cursor: number; handleKey: (event: KeyEvent) => boolean } {
  const [cursor, setCursor] = useState(() => [...value].length);
  const latest = useRef({ value, cursor, onChange });
  const clamped = Math.min(cursor, [...value].length);
  latest.current = { value, cursor: clamped, onChange };
  return {
    cursor: clamped,
    handleKey(event) {
      const { value: v, cursor: c, onChange: change } = latest.current;
      const next = editText({ value: v, cursor: c }, event);
      if (!next) return false;
      // Keys may come faster than renders: the next key must see this one's result.
      latest.current = { ...latest.current, value: next.value, cursor: next.cursor };
      setCursor(next.cursor);
      if (next.value !== v) change(next.value);
      return true;
    },
  };
}
