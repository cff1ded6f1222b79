/**
 * OSC 52: asking the terminal to put text on the clipboard, which works over SSH where no
 * local clipboard tool can. Inside tmux the sequence is wrapped in a DCS passthrough (tmux
 * forwards it when `allow-passthrough` is on; with `set-clipboard on` tmux also handles the
 * bare sequence). Terminals cap what they accept, so berth refuses text whose sequence would
 * exceed k9s's default cap (`K9S_OSC52_MAX=74994`) rather than send something cut short.
 */

/** The largest sequence berth writes, in bytes. */
export const OSC52_MAX_BYTES = 74_994;

/** Options for {@link osc52Sequence}. */
export interface Osc52Options {
  /** Inside tmux (`$TMUX` set): wrap for passthrough. */
  tmux?: boolean;
  maxBytes?: number;
}

/** The escape sequence that copies `text`, or undefined when it would be too long. */
export function osc52Sequence(text: string, opts: Osc52Options = {}): string | undefined {
  const seq = `\x1b]52;c;${Buffer.from(text, 'utf8').toString('base64')}\x07`;
  const out = opts.tmux ? `\x1bPtmux;${seq.replaceAll('\x1b', '\x1b\x1b')}\x1b\\` : seq;
  return out.length > (opts.maxBytes ?? OSC52_MAX_BYTES) ? undefined : out;
}
