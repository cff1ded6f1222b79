/**
 * Reading the SGR sequences (`ESC [ … m`, ECMA-48 "select graphic rendition") in what a
 * terminal received: which of them set a colour, and which styles are on for each character
 * drawn. Enough for berth's tests: cursor movement and other sequences draw nothing and are
 * skipped; colours set by a 38/48/58 sequence take their arguments with them.
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching escape sequences
const ESCAPE = /\x1b\[([0-?]*)[ -/]*([@-~])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[^[\]]/g;

/** The styles berth may use without colour, by their SGR code. */
export const STYLE = { bold: 1, dim: 2, italic: 3, underline: 4, inverse: 7 } as const;

const STYLE_CODES: ReadonlySet<number> = new Set(Object.values(STYLE));

// What turns each style off: 22 ends bold and dim alike.
const OFF: Readonly<Record<number, readonly number[]>> = {
  22: [STYLE.bold, STYLE.dim],
  23: [STYLE.italic],
  24: [STYLE.underline],
  27: [STYLE.inverse],
};

/** One SGR parameter string as codes; the arguments of 38/48/58 (`5;n`, `2;r;g;b`) are kept with it. */
function codes(params: string): number[][] {
  if (params === '') return [[0]];
  const out: number[][] = [];
  const parts = params.split(';');
  for (let i = 0; i < parts.length; i++) {
    // The colon form (`38:5:1`) is one parameter with its arguments.
    const code = (parts[i] as string).split(':').map(Number);
    const first = code[0] as number;
    if (code.length === 1 && (first === 38 || first === 48 || first === 58)) {
      const kind = Number(parts[i + 1]);
      const take = kind === 5 ? 2 : kind === 2 ? 4 : 0;
      code.push(...parts.slice(i + 1, i + 1 + take).map(Number));
      i += take;
    }
    out.push(code);
  }
  return out;
}

/** Whether an SGR code sets or resets a colour: foreground, background or underline, any depth. */
function isColour(code: readonly number[]): boolean {
  const c = code[0] as number;
  return (c >= 30 && c <= 49) || (c >= 90 && c <= 97) || (c >= 100 && c <= 107) || c === 58 || c === 59;
}

/** The SGR sequences in `out` that set or reset a colour. */
export function colourSequences(out: string): string[] {
  const found: string[] = [];
  for (const m of out.matchAll(ESCAPE)) {
    if (m[2] === 'm' && codes(m[1] ?? '').some(isColour)) found.push(m[0]);
  }
  return found;
}

/** What was drawn: the characters (escape sequences removed) and the styles on for each. */
export interface Drawn {
  text: string;
  styles: ReadonlySet<number>[];
}

/** Replays `out`'s SGR sequences over the characters it draws. */
export function drawn(out: string): Drawn {
  let text = '';
  const styles: ReadonlySet<number>[] = [];
  let on = new Set<number>();
  const draw = (chars: string): void => {
    for (const ch of chars) {
      text += ch;
      for (let k = 0; k < ch.length; k++) styles.push(on);
    }
  };
  let last = 0;
  for (const m of out.matchAll(ESCAPE)) {
    draw(out.slice(last, m.index));
    last = m.index + m[0].length;
    if (m[2] !== 'm') continue;
    on = new Set(on);
    for (const code of codes(m[1] ?? '')) {
      const c = code[0] as number;
      if (c === 0) on.clear();
      else if (STYLE_CODES.has(c)) on.add(c);
      else for (const off of OFF[c] ?? []) on.delete(off);
    }
  }
  draw(out.slice(last));
  return { text, styles };
}

/** The styles on for the character `offset` places into the first `text` drawn; throws when none is. */
export function stylesAt(d: Drawn, text: string, offset = 0): ReadonlySet<number> {
  const at = d.text.indexOf(text);
  if (at < 0) throw new Error(`${JSON.stringify(text)} was never drawn`);
  return d.styles[at + offset] as ReadonlySet<number>;
}
