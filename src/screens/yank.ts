/**
 * `y` on every screen: the text goes to the clipboard (OSC 52) and the status line says what
 * was copied — or, when the terminal's clipboard would not take it, shows the text so it can be
 * selected by hand. Both are `copy` messages, which the status line shows whole when it can.
 */
import type { BerthState } from '../store/index.js';

export interface YankOptions {
  copyText: (text: string) => boolean;
  showMessage: BerthState['showMessage'];
  text: string;
}

export function yank({ copyText, showMessage, text }: YankOptions): void {
  showMessage(copyText(text) ? `copied: ${text}` : `too long for the clipboard: ${text}`, 'copy');
}
