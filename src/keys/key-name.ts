/**
 * Ink reports a key as the typed text plus a record of flags; the keymap speaks in key
 * names. This is the one translation between the two.
 */
import type { Key } from 'ink';

/** The keymap's name for what Ink reports, or undefined for text that is no single key (a paste). */
export function keyName(input: string, key: Key): string | undefined {
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.pageUp) return 'pageup';
  if (key.pageDown) return 'pagedown';
  if (key.home) return 'home';
  if (key.end) return 'end';
  if (key.return) return 'return';
  if (key.escape) return 'escape';
  if (key.tab) return key.shift ? 'shift+tab' : 'tab';
  // Most terminals send DEL (0x7f) for Backspace, which Ink calls `delete`.
  if (key.backspace || key.delete) return 'backspace';
  if (key.ctrl && input.length === 1) return `ctrl+${input.toLowerCase()}`;
  if (input === ' ') return 'space';
  if (key.meta) return undefined;
  if ([...input].length === 1) return input;
  return undefined;
}
