/**
 * The parser of berth's Go-template subset: text, `{{pipeline}}`, `if`/`else if`/`else`,
 * `range` (with `$i, $e :=`), `with`, variables, `(…)` groups, field chains and function
 * calls with `|` pipelines. Anything else of Go's grammar (`define`, `template`, `block`,
 * `break`, `continue`, assignment with `=`) is refused with a message saying so.
 */
import { type Chunk, lexTemplate, TemplateError, type Token } from './go-template-lex.js';

export type Operand =
  | { type: 'field'; names: string[] }
  | { type: 'dot' }
  | { type: 'var'; name: string; names: string[] }
  | { type: 'string'; value: string }
  | { type: 'number'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'nil' }
  | { type: 'ident'; name: string }
  | { type: 'group'; pipe: Pipe; names: string[] };

export interface Command {
  args: Operand[];
}

export interface Pipe {
  /** Variables declared with `:=` (two only in `range $i, $e := …`). */
  decl: string[];
  cmds: Command[];
}

/** `if`, `with` or `range`, with its body and optional `else` part. */
export interface ControlNode {
  type: 'if' | 'with' | 'range';
  pipe: Pipe;
  list: TemplateNode[];
  elseList?: TemplateNode[];
  source: string;
}

export type TemplateNode =
  | { type: 'text'; text: string }
  | { type: 'action'; pipe: Pipe; source: string }
  | ControlNode;

const UNSUPPORTED = new Set(['define', 'template', 'block', 'break', 'continue']);

class TokenReader {
  i = 0;
  constructor(
    readonly tokens: Token[],
    readonly source: string,
  ) {}
  peek(): Token | undefined {
    return this.tokens[this.i];
  }
  next(): Token | undefined {
    return this.tokens[this.i++];
  }
  fail(message: string): never {
    throw new TemplateError(`${this.source}: ${message}`);
  }
}

function isPunct(t: Token | undefined, value: string): boolean {
  return t?.t === 'punct' && t.value === value;
}

/** Field names chained directly (no space) onto the term just read: `(…).A.B`, `$x.A`. */
function chainedFields(r: TokenReader): string[] {
  const names: string[] = [];
  for (let t = r.peek(); t?.t === 'field' && !t.space; t = r.peek()) {
    names.push(t.name);
    r.next();
  }
  return names;
}

function parseOperand(r: TokenReader): Operand | undefined {
  const t = r.peek();
  if (!t || isPunct(t, '|') || isPunct(t, ')')) return undefined;
  r.next();
  switch (t.t) {
    case 'field':
      return { type: 'field', names: [t.name, ...chainedFields(r)] };
    case 'dot':
      if (r.peek()?.t === 'field' && !r.peek()?.space) r.fail('unexpected . after term');
      return { type: 'dot' };
    case 'var':
      return { type: 'var', name: t.name, names: chainedFields(r) };
    case 'string':
      return { type: 'string', value: t.value };
    case 'number':
      return { type: 'number', value: t.value };
    case 'ident':
      if (t.name === 'true' || t.name === 'false') return { type: 'bool', value: t.name === 'true' };
      if (t.name === 'nil') return { type: 'nil' };
      return { type: 'ident', name: t.name };
    case 'punct':
      if (t.value === '(') {
        const pipe = parsePipe(r, false);
        if (!isPunct(r.next(), ')')) r.fail('unclosed left paren');
        return { type: 'group', pipe, names: chainedFields(r) };
      }
      return r.fail(`unexpected "${t.value}" in operand`);
  }
}

function parseDecl(r: TokenReader, allowTwo: boolean): string[] {
  const save = r.i;
  const names: string[] = [];
  for (;;) {
    const v = r.next();
    if (v?.t !== 'var') break;
    names.push(v.name);
    const sep = r.next();
    if (isPunct(sep, ':=')) return names;
    if (isPunct(sep, '=')) r.fail('assignment with = is not supported by berth');
    if (!(isPunct(sep, ',') && allowTwo && names.length === 1)) break;
  }
  r.i = save;
  return [];
}

function parsePipe(r: TokenReader, isRange: boolean): Pipe {
  const decl = parseDecl(r, isRange);
  const cmds: Command[] = [];
  for (;;) {
    const args: Operand[] = [];
    for (let a = parseOperand(r); a; a = parseOperand(r)) args.push(a);
    if (args.length === 0) r.fail('missing value for command');
    cmds.push({ args });
    if (!isPunct(r.peek(), '|')) break;
    r.next();
  }
  return { decl, cmds };
}

function parseWholePipe(r: TokenReader, isRange: boolean): Pipe {
  const pipe = parsePipe(r, isRange);
  if (r.peek()) r.fail(`unexpected ${JSON.stringify(r.peek())} in command`);
  return pipe;
}

type Ending = 'end' | 'else' | 'else-if' | 'eof';

class Parser {
  i = 0;
  elseIfTokens: TokenReader | undefined;
  constructor(readonly chunks: Chunk[]) {}

  /** Parses nodes until `end`, `else` or the end of input, and says which ended the list. */
  list(): { nodes: TemplateNode[]; ending: Ending; reader?: TokenReader } {
    const nodes: TemplateNode[] = [];
    for (; this.i < this.chunks.length; ) {
      const chunk = this.chunks[this.i++]!;
      if (chunk.kind === 'text') {
        nodes.push({ type: 'text', text: chunk.text });
        continue;
      }
      const r = new TokenReader(chunk.tokens, chunk.source);
      const first = r.peek();
      const keyword = first?.t === 'ident' ? first.name : undefined;
      if (!first) r.fail('missing value for command');
      if (keyword === 'end') {
        r.next();
        if (r.peek()) r.fail('unexpected token after end');
        return { nodes, ending: 'end' };
      }
      if (keyword === 'else') {
        r.next();
        const after = r.peek();
        if (after?.t === 'ident' && after.name === 'if') {
          r.next();
          return { nodes, ending: 'else-if', reader: r };
        }
        if (after) r.fail('unexpected token after else');
        return { nodes, ending: 'else' };
      }
      if (keyword && UNSUPPORTED.has(keyword)) r.fail(`"${keyword}" is not supported by berth's templates`);
      if (keyword === 'if' || keyword === 'with' || keyword === 'range') {
        r.next();
        nodes.push(this.control(keyword, r, chunk.source));
        continue;
      }
      nodes.push({ type: 'action', pipe: parseWholePipe(r, false), source: chunk.source });
    }
    return { nodes, ending: 'eof' };
  }

  control(type: 'if' | 'with' | 'range', r: TokenReader, source: string): TemplateNode {
    const pipe = parseWholePipe(r, type === 'range');
    const body = this.list();
    const node: TemplateNode = { type, pipe, list: body.nodes, source };
    if (body.ending === 'eof') throw new TemplateError(`${source}: unexpected EOF`);
    if (body.ending === 'else') {
      const rest = this.list();
      if (rest.ending !== 'end') throw new TemplateError(`${source}: expected end after else`);
      node.elseList = rest.nodes;
    } else if (body.ending === 'else-if') {
      if (type !== 'if') throw new TemplateError(`${source}: else if is only allowed after if`);
      // `{{else if x}}…{{end}}` is `{{else}}{{if x}}…{{end}}{{end}}` sharing one end.
      node.elseList = [this.control('if', body.reader!, source)];
    }
    return node;
  }
}

/** Parses a template into its tree. @throws {TemplateError} */
export function parseTemplate(src: string): TemplateNode[] {
  const parser = new Parser(lexTemplate(src));
  const top = parser.list();
  if (top.ending !== 'eof')
    throw new TemplateError(`unexpected {{${top.ending === 'end' ? 'end' : 'else'}}}`);
  return top.nodes;
}
