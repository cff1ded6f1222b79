/**
 * The lexer of berth's Go-template subset: splits a template into text and actions
 * (`{{ … }}`, with Go's `{{- ` / ` -}}` whitespace trimming, and comments) and an action
 * into tokens. The grammar is Go's `text/template`; see go-template.ts for
 * what is supported.
 */

export class TemplateError extends Error {
  override name = 'TemplateError';
  constructor(message: string) {
    super(`template: ${message}`);
  }
}

export type Token =
  | { t: 'field'; name: string; space: boolean }
  | { t: 'dot'; space: boolean }
  | { t: 'var'; name: string; space: boolean }
  | { t: 'string'; value: string; space: boolean }
  | { t: 'number'; value: number; space: boolean }
  | { t: 'ident'; name: string; space: boolean }
  | { t: 'punct'; value: '(' | ')' | '|' | ',' | ':=' | '='; space: boolean };

export type Chunk = { kind: 'text'; text: string } | { kind: 'action'; tokens: Token[]; source: string };

const TRIM_LEFT = /^-[ \t\r\n]/;
const SPACE = /[ \t\r\n]/;

/** Splits a template into text and the token lists of its actions. */
export function lexTemplate(src: string): Chunk[] {
  const chunks: Chunk[] = [];
  let pos = 0;
  let trimNext = false;
  while (pos <= src.length) {
    const open = src.indexOf('{{', pos);
    let text = src.slice(pos, open < 0 ? src.length : open);
    if (trimNext) text = text.replace(/^[ \t\r\n]+/, '');
    if (open < 0) {
      if (text) chunks.push({ kind: 'text', text });
      break;
    }
    let start = open + 2;
    if (TRIM_LEFT.test(src.slice(start, start + 2))) {
      text = text.replace(/[ \t\r\n]+$/, '');
      start += 2;
    }
    if (text) chunks.push({ kind: 'text', text });
    const { tokens, end, trimRight } = lexAction(src, start);
    if (tokens) chunks.push({ kind: 'action', tokens, source: src.slice(open, end) });
    trimNext = trimRight;
    pos = end;
  }
  return chunks;
}

function closeAt(src: string, i: number): { end: number; trimRight: boolean } | undefined {
  if (src.startsWith('}}', i)) return { end: i + 2, trimRight: false };
  if (SPACE.test(src[i] ?? '') && src.startsWith('-}}', i + 1)) return { end: i + 4, trimRight: true };
  return undefined;
}

function lexAction(
  src: string,
  from: number,
): { tokens: Token[] | undefined; end: number; trimRight: boolean } {
  let i = from;
  if (src.startsWith('/*', i)) {
    const close = src.indexOf('*/', i + 2);
    if (close < 0) throw new TemplateError('unclosed comment');
    const done = closeAt(src, close + 2);
    if (!done) throw new TemplateError('comment ends before closing delimiter');
    return { tokens: undefined, ...done };
  }
  const tokens: Token[] = [];
  let space = false;
  for (;;) {
    if (i >= src.length) throw new TemplateError('unclosed action');
    const close = closeAt(src, i);
    if (close) return { tokens, ...close };
    const c = src[i]!;
    if (SPACE.test(c)) {
      space = true;
      i++;
      continue;
    }
    const [token, next] = lexToken(src, i, space);
    tokens.push(token);
    space = false;
    i = next;
  }
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*/;
const NUMBER = /^[+-]?[0-9]+(?![.eExX_0-9])/;
const ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '\\': '\\',
  '"': '"',
  "'": "'",
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
};

function lexString(src: string, from: number): [string, number] {
  let out = '';
  let i = from + 1;
  for (;;) {
    const c = src[i];
    if (c === undefined || c === '\n') throw new TemplateError('unterminated quoted string');
    if (c === '"') return [out, i + 1];
    if (c !== '\\') {
      out += c;
      i++;
      continue;
    }
    const e = src[i + 1] ?? '';
    const hex = /^(?:x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8}))/.exec(src.slice(i + 1, i + 10));
    if (ESCAPES[e] !== undefined) {
      out += ESCAPES[e];
      i += 2;
    } else if (hex) {
      out += String.fromCodePoint(parseInt(hex[1] ?? hex[2] ?? hex[3] ?? '0', 16));
      i += 1 + hex[0].length;
    } else {
      throw new TemplateError(`unknown escape sequence \\${e}`);
    }
  }
}

function lexToken(src: string, i: number, space: boolean): [Token, number] {
  const rest = src.slice(i, i + 256);
  const c = src[i]!;
  if (c === '.') {
    const name = IDENT.exec(src.slice(i + 1, i + 256));
    return name
      ? [{ t: 'field', name: name[0], space }, i + 1 + name[0].length]
      : [{ t: 'dot', space }, i + 1];
  }
  if (c === '$') {
    const name = IDENT.exec(src.slice(i + 1, i + 256));
    const n = name?.[0] ?? '';
    return [{ t: 'var', name: `$${n}`, space }, i + 1 + n.length];
  }
  if (c === '"') {
    const [value, next] = lexString(src, i);
    return [{ t: 'string', value, space }, next];
  }
  if (c === '`') {
    const close = src.indexOf('`', i + 1);
    if (close < 0) throw new TemplateError('unterminated raw quoted string');
    return [{ t: 'string', value: src.slice(i + 1, close), space }, close + 1];
  }
  if (rest.startsWith(':=')) return [{ t: 'punct', value: ':=', space }, i + 2];
  if ('()|,='.includes(c)) return [{ t: 'punct', value: c as '(' | ')' | '|' | ',' | '=', space }, i + 1];
  const number = NUMBER.exec(rest);
  if (number) return [{ t: 'number', value: Number(number[0]), space }, i + number[0].length];
  const ident = IDENT.exec(rest);
  if (ident) return [{ t: 'ident', name: ident[0], space }, i + ident[0].length];
  throw new TemplateError(
    `unexpected ${JSON.stringify(rest.slice(0, 12))} in action (berth supports integers, strings, fields, variables and functions)`,
  );
}
