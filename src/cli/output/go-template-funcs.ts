/**
 * The functions berth's templates offer: Go's builtins that make sense for skopeo's data
 * (`index`, `len`, `print`, `printf`, `println`, `eq`, `ne`, `lt`, `le`, `gt`, `ge`, `not`;
 * `and`/`or` are evaluated lazily by the executor) and containers/common's report
 * helpers that later skopeo versions offer (`json`, `join`, `lower`, `upper`).
 */
import { TemplateError } from './go-template-lex.js';
import {
  formatGoValue,
  type GoValue,
  goBool,
  goInt,
  goStr,
  goValueCompactJson,
  isGoTrue,
} from './go-value.js';

export type TemplateFunc = (args: GoValue[]) => GoValue;

function typeName(v: GoValue): string {
  switch (v.kind) {
    case 'slice':
      return '[]string';
    case 'map':
      return 'map[string]string';
    case 'time':
      return v.pointer ? '*time.Time' : 'time.Time';
    case 'struct':
      return v.type;
    case 'missing':
      return 'nil';
    default:
      return v.kind;
  }
}

function arity(name: string, args: GoValue[], min: number, max = min): void {
  if (args.length < min || args.length > max) {
    throw new TemplateError(
      `wrong number of args for ${name}: want ${min === max ? min : `${min}-${max}`} got ${args.length}`,
    );
  }
}

function indexOne(coll: GoValue, key: GoValue): GoValue {
  if (coll.kind === 'map') {
    if (key.kind !== 'string')
      throw new TemplateError(`error calling index: value has type ${typeName(key)}; should be string`);
    return coll.entries?.get(key.value) ?? coll.elem;
  }
  if (coll.kind === 'slice') {
    if (key.kind !== 'int')
      throw new TemplateError(`error calling index: cannot index slice/array with type ${typeName(key)}`);
    const items = coll.items ?? [];
    if (key.value < 0 || key.value >= items.length)
      throw new TemplateError(`error calling index: index out of range: ${key.value}`);
    return items[key.value]!;
  }
  throw new TemplateError(`error calling index: can't index item of type ${typeName(coll)}`);
}

/** Go's fmt.Sprint: a space between operands when neither side is a string. */
function sprint(args: GoValue[]): string {
  let out = '';
  args.forEach((a, i) => {
    if (i > 0 && a.kind !== 'string' && args[i - 1]!.kind !== 'string') out += ' ';
    out += formatGoValue(a);
  });
  return out;
}

function sprintf(args: GoValue[]): string {
  const [format, ...rest] = args;
  if (format?.kind !== 'string') throw new TemplateError('printf: the format must be a string');
  let n = 0;
  return format.value.replace(/%([%svdqt])/g, (_m, verb: string) => {
    if (verb === '%') return '%';
    const a = rest[n++];
    if (!a) return `%!${verb}(MISSING)`;
    if (verb === 'q') return JSON.stringify(formatGoValue(a));
    if (verb === 'd' && a.kind !== 'int') return `%!d(${typeName(a)}=${formatGoValue(a)})`;
    return formatGoValue(a);
  });
}

function comparable(
  a: GoValue,
  b: GoValue,
  name: string,
): [string | number | boolean, string | number | boolean] {
  const basic = (v: GoValue) => v.kind === 'string' || v.kind === 'int' || v.kind === 'bool';
  if (!basic(a) || !basic(b) || a.kind !== b.kind) {
    throw new TemplateError(`error calling ${name}: incompatible types for comparison`);
  }
  return [(a as { value: string }).value, (b as { value: string }).value];
}

function ordered(name: string, test: (a: string | number, b: string | number) => boolean): TemplateFunc {
  return (args) => {
    arity(name, args, 2);
    const [a, b] = comparable(args[0]!, args[1]!, name);
    if (typeof a === 'boolean') throw new TemplateError(`error calling ${name}: invalid type for comparison`);
    return goBool(test(a, b as string | number));
  };
}

const eq: TemplateFunc = (args) => {
  if (args.length < 2) throw new TemplateError('error calling eq: missing argument for comparison');
  const [first, ...others] = args;
  return goBool(
    others.some((o) => {
      const [a, b] = comparable(first!, o, 'eq');
      return a === b;
    }),
  );
};

export const TEMPLATE_FUNCS: ReadonlyMap<string, TemplateFunc> = new Map<string, TemplateFunc>([
  [
    'index',
    (args) => {
      if (args.length < 1) throw new TemplateError('wrong number of args for index: want at least 1 got 0');
      return args.slice(1).reduce(indexOne, args[0]!);
    },
  ],
  [
    'len',
    (args) => {
      arity('len', args, 1);
      const v = args[0]!;
      if (v.kind === 'string') return goInt(Buffer.byteLength(v.value));
      if (v.kind === 'slice') return goInt(v.items?.length ?? 0);
      if (v.kind === 'map') return goInt(v.entries?.size ?? 0);
      throw new TemplateError(`error calling len: len of type ${typeName(v)}`);
    },
  ],
  ['print', (args) => goStr(sprint(args))],
  ['println', (args) => goStr(`${args.map(formatGoValue).join(' ')}\n`)],
  ['printf', (args) => goStr(sprintf(args))],
  [
    'not',
    (args) => {
      arity('not', args, 1);
      return goBool(!isGoTrue(args[0]!));
    },
  ],
  ['eq', eq],
  [
    'ne',
    (args) => {
      arity('ne', args, 2);
      return goBool(!isGoTrue(eq(args)));
    },
  ],
  ['lt', ordered('lt', (a, b) => a < b)],
  ['le', ordered('le', (a, b) => a <= b)],
  ['gt', ordered('gt', (a, b) => a > b)],
  ['ge', ordered('ge', (a, b) => a >= b)],
  [
    'json',
    (args) => {
      arity('json', args, 1);
      return goStr(goValueCompactJson(args[0]!));
    },
  ],
  [
    'join',
    (args) => {
      arity('join', args, 2);
      const [list, sep] = args;
      if (list?.kind !== 'slice' || sep?.kind !== 'string')
        throw new TemplateError('error calling join: want a list of strings and a separator');
      return goStr((list.items ?? []).map(formatGoValue).join(sep.value));
    },
  ],
  [
    'lower',
    (args) => {
      arity('lower', args, 1);
      return goStr(formatGoValue(args[0]!).toLowerCase());
    },
  ],
  [
    'upper',
    (args) => {
      arity('upper', args, 1);
      return goStr(formatGoValue(args[0]!).toUpperCase());
    },
  ],
]);

export { typeName as goTypeName };
