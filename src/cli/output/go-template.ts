/**
 * A small evaluator for Go's `text/template` language over `GoValue` data — what skopeo's
 * `--format` accepts, minus what nobody uses on inspect output. Supported: text;
 * `{{pipeline}}` with `|`; fields and field chains (`.A.B`, on structs and maps), `.`,
 * `$` and `$var`, `(…)` groups; string, integer, boolean and nil literals; `if`/`else
 * if`/`else`, `range` (over lists and maps, with `$i, $e :=`) and `with`, each with `end`;
 * variable declarations with `:=`; `{{- -}}` trimming and comments; the functions in
 * go-template-funcs.ts plus lazy `and`/`or`. Methods (such as `.Created.Year`), `define`,
 * `template`, `block`, `break` and `continue` are refused with an error naming them.
 */
import { goTypeName, TEMPLATE_FUNCS } from './go-template-funcs.js';
import { TemplateError } from './go-template-lex.js';
import {
  type Command,
  type ControlNode,
  type Operand,
  type Pipe,
  parseTemplate,
  type TemplateNode,
} from './go-template-parse.js';
import { formatGoValue, type GoValue, goBool, goInt, goStr, isGoTrue } from './go-value.js';

export { TemplateError } from './go-template-lex.js';

interface Variable {
  name: string;
  value: GoValue;
}

const NIL: GoValue = { kind: 'missing' };

/** A parsed template, ready to run on any number of values. */
export class GoTemplate {
  readonly #nodes: TemplateNode[];

  private constructor(nodes: TemplateNode[]) {
    this.#nodes = nodes;
  }

  /** @throws {TemplateError} for syntax berth does not read. */
  static parse(src: string): GoTemplate {
    return new GoTemplate(parseTemplate(src));
  }

  /** Runs the template with `.` and `$` set to `data`. @throws {TemplateError} */
  execute(data: GoValue): string {
    const run = new Execution(data);
    run.walk(this.#nodes, data);
    return run.out.join('');
  }
}

class Execution {
  readonly out: string[] = [];
  readonly vars: Variable[];

  constructor(root: GoValue) {
    this.vars = [{ name: '$', value: root }];
  }

  walk(nodes: TemplateNode[], dot: GoValue): void {
    for (const node of nodes) this.node(node, dot);
  }

  node(node: TemplateNode, dot: GoValue): void {
    if (node.type === 'text') {
      this.out.push(node.text);
      return;
    }
    const mark = this.vars.length;
    try {
      if (node.type === 'action') {
        const v = this.pipe(node.pipe, dot, node.source);
        // A declaration prints nothing; the variable lives until the enclosing block ends.
        if (node.pipe.decl.length === 0) this.out.push(formatGoValue(v));
        return;
      }
      if (node.type === 'range') {
        this.range(node, dot, mark);
        return;
      }
      const v = this.pipe(node.pipe, dot, node.source);
      if (isGoTrue(v)) this.walk(node.list, node.type === 'with' ? v : dot);
      else if (node.elseList) this.walk(node.elseList, dot);
    } finally {
      if (node.type !== 'action') this.vars.length = mark;
    }
  }

  range(node: ControlNode, dot: GoValue, mark: number): void {
    const { decl } = node.pipe;
    const v = this.pipe({ decl: [], cmds: node.pipe.cmds }, dot, node.source);
    let items: Array<[GoValue, GoValue]>;
    if (v.kind === 'slice') items = (v.items ?? []).map((item, i) => [goInt(i), item]);
    else if (v.kind === 'map') {
      const entries = v.entries ?? new Map<string, GoValue>();
      const keys = [...entries.keys()].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
      items = keys.map((k) => [goStr(k), entries.get(k)!]);
    } else if (v.kind === 'missing') items = [];
    else throw new TemplateError(`${node.source}: range can't iterate over ${formatGoValue(v)}`);
    if (items.length === 0) {
      if (node.elseList) this.walk(node.elseList, dot);
      return;
    }
    for (const [key, item] of items) {
      this.vars.length = mark;
      if (decl.length === 1) this.vars.push({ name: decl[0]!, value: item });
      if (decl.length === 2) this.vars.push({ name: decl[0]!, value: key }, { name: decl[1]!, value: item });
      this.walk(node.list, item);
    }
  }

  pipe(pipe: Pipe, dot: GoValue, source: string): GoValue {
    let value: GoValue | undefined;
    for (const cmd of pipe.cmds) value = this.command(cmd, dot, value, source);
    const result = value ?? NIL;
    for (const name of pipe.decl) this.vars.push({ name, value: result });
    return result;
  }

  command(cmd: Command, dot: GoValue, piped: GoValue | undefined, source: string): GoValue {
    const [first, ...rest] = cmd.args;
    if (first?.type === 'ident') return this.call(first.name, rest, dot, piped, source);
    if (rest.length > 0 || piped !== undefined) {
      const what = first?.type === 'field' ? `.${first.names.join('.')}` : 'a value';
      throw new TemplateError(
        `${source}: can't give argument to ${what} (method calls are not supported by berth)`,
      );
    }
    return this.operand(first!, dot, source);
  }

  call(name: string, args: Operand[], dot: GoValue, piped: GoValue | undefined, source: string): GoValue {
    if (name === 'and' || name === 'or') {
      const all = [...args.map((a) => () => this.operand(a, dot, source)), ...(piped ? [() => piped] : [])];
      if (all.length === 0)
        throw new TemplateError(`${source}: wrong number of args for ${name}: want at least 1 got 0`);
      let v: GoValue = NIL;
      for (const next of all) {
        v = next();
        if (isGoTrue(v) === (name === 'or')) return v;
      }
      return v;
    }
    const fn = TEMPLATE_FUNCS.get(name);
    if (!fn)
      throw new TemplateError(
        `${source}: function "${name}" not defined (berth offers ${[...TEMPLATE_FUNCS.keys(), 'and', 'or'].join(', ')})`,
      );
    const values = args.map((a) => this.operand(a, dot, source));
    if (piped) values.push(piped);
    try {
      return fn(values);
    } catch (err) {
      if (err instanceof TemplateError)
        throw new TemplateError(`${source}: ${err.message.replace(/^template: /, '')}`);
      throw err;
    }
  }

  operand(op: Operand, dot: GoValue, source: string): GoValue {
    switch (op.type) {
      case 'dot':
        return dot;
      case 'field':
        return this.fields(dot, op.names, source);
      case 'var': {
        const found = [...this.vars].reverse().find((v) => v.name === op.name);
        if (!found) throw new TemplateError(`${source}: undefined variable "${op.name}"`);
        return this.fields(found.value, op.names, source);
      }
      case 'group':
        return this.fields(this.pipe(op.pipe, dot, source), op.names, source);
      case 'string':
        return goStr(op.value);
      case 'number':
        return goInt(op.value);
      case 'bool':
        return goBool(op.value);
      case 'nil':
        return NIL;
      case 'ident':
        return this.call(op.name, [], dot, undefined, source);
    }
  }

  fields(start: GoValue, names: string[], source: string): GoValue {
    let v = start;
    for (const name of names) {
      if (v.kind === 'struct') {
        const field = v.fields.find((f) => f.name === name);
        if (!field) throw new TemplateError(`${source}: can't evaluate field ${name} in type ${v.type}`);
        v = field.value;
      } else if (v.kind === 'map') {
        v = v.entries?.get(name) ?? NIL;
      } else if (v.kind === 'time' && v.pointer && !v.value) {
        throw new TemplateError(`${source}: nil pointer evaluating *time.Time.${name}`);
      } else {
        throw new TemplateError(`${source}: can't evaluate field ${name} in type ${goTypeName(v)}`);
      }
    }
    return v;
  }
}
