/**
 * skopeo's `--format` handling (containers/common `report` as skopeo 1.9.3 uses it): a
 * format that is just `json` or `{{json .}}` prints the value as indented JSON; anything
 * else is a Go template, with `\t` and `\n` written as two characters turned into a tab
 * and a newline, a newline appended unless the format ends with one, a leading `table `
 * dropped (its spaces becoming tabs), and the result aligned by a tabwriter.
 */
import { GoTemplate } from './go-template.js';
import { type GoValue, goValueIndentedJson } from './go-value.js';
import { alignTabs } from './tab-writer.js';

const JSON_FORMAT = /^\s*(json|\{\{\s*json\s*(\.)?\s*\}\})\s*$/;

/** `report.IsJSON`: the format asks for the whole value as JSON. */
export function isJsonFormat(format: string): boolean {
  return JSON_FORMAT.test(format);
}

/** `report.NormalizeFormat`. */
export function normalizeFormat(format: string): string {
  let f: string;
  if (format.startsWith('table ')) {
    f = format.replace(/table |\\t| |\\n/g, (m) => (m === 'table ' ? '' : m === '\\n' ? '\n' : '\t'));
  } else {
    f = format.replace(/\\t|\\n/g, (m) => (m === '\\t' ? '\t' : '\n'));
  }
  return f.endsWith('\n') ? f : `${f}\n`;
}

/**
 * Prepares `--format FORMAT` (empty: the default JSON) and returns what prints a value:
 * indented JSON ending with a newline, or the template's aligned output. The template is
 * parsed here, before any work is done, so a typo fails at once.
 *
 * @throws {TemplateError} for a template berth cannot parse.
 */
export function compileFormat(format: string): (value: GoValue) => string {
  if (format === '' || isJsonFormat(format)) return (value) => `${goValueIndentedJson(value)}\n`;
  // skopeo runs `{{range . }}FORMAT{{end}}` over a one-element list, so `$` is that list.
  const template = GoTemplate.parse(`{{range . }}${normalizeFormat(format)}{{end}}`);
  return (value) => alignTabs(template.execute({ kind: 'slice', items: [value], elem: { kind: 'missing' } }));
}

/** `compileFormat(format)(value)`. @throws {TemplateError} */
export function renderFormat(format: string, value: GoValue): string {
  return compileFormat(format)(value);
}
