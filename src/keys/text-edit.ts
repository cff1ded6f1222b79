/**
 * Editing a one-line text field with keys from the one dispatcher (rather than a widget that
 * listens to stdin on its own, which would see keys meant for dialogs, and would register
 * late after a dialog opens): insert typed or pasted text at the cursor, move with ←/→,
 * Home/End (also Ctrl-A/Ctrl-E), delete with Backspace, clear with Ctrl-U, delete a word with
 * Ctrl-W. Pure: the owner keeps the state.
 */
import type { KeyEvent } from './use-keymap.js';

/** A field's text and cursor (0 … value length, in code points). */
export interface TextState {
  value: string;
  cursor: number;
}

/** The state for `value` with the cursor at its end. */
export function textState(value: string): TextState {
  return { value, cursor: [...value].length };
}

/** The state after `event`, or undefined when the key is not an edit. */
export function editText(state: TextState, event: KeyEvent): TextState | undefined {
  const chars = [...state.value];
  const cursor = Math.max(0, Math.min(state.cursor, chars.length));
  const at = (value: string[], c: number): TextState => ({ value: value.join(''), cursor: c });
  switch (event.name) {
    case 'left':
      return at(chars, Math.max(0, cursor - 1));
    case 'right':
      return at(chars, Math.min(chars.length, cursor + 1));
    case 'home':
    case 'ctrl+a':
      return at(chars, 0);
    case 'end':
    case 'ctrl+e':
      return at(chars, chars.length);
    case 'backspace':
      if (cursor === 0) return at(chars, 0);
      return at([...chars.slice(0, cursor - 1), ...chars.slice(cursor)], cursor - 1);
    case 'ctrl+u':
      return at(chars.slice(cursor), 0);
    case 'ctrl+w': {
      let start = cursor;
      while (start > 0 && chars[start - 1] === ' ') start--;
      while (start > 0 && chars[start - 1] !== ' ') start--;
      return at([...chars.slice(0, start), ...chars.slice(cursor)], start);
    }
    case 'space':
      return insert(chars, cursor, ' ');
    default: {
      if (event.key.ctrl || event.key.meta || event.key.escape || event.key.return || event.key.tab)
        return undefined;
      if (event.name !== undefined && [...event.name].length > 1) return undefined;
      // A key (name = the character) or a paste (several characters, no name).
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is dropped
      const text = event.input.replace(/[\u0000-\u001f\u007f]/g, '');
      return text === '' ? undefined : insert(chars, cursor, text);
    }
  }
}

function insert(chars: string[], cursor: number, text: string): TextState {
  const add = [...text];
  return {
    value: [...chars.slice(0, cursor), ...add, ...chars.slice(cursor)].join(''),
    cursor: cursor + add.length,
  };
}
