import { describe, expect, it } from 'vitest';
import { type GoValue, goStr, goStrings } from './go-value.js';
import { compileFormat, isJsonFormat, normalizeFormat } from './report-format.js';

const value: GoValue = {
  kind: 'struct',
  type: 'test.Out',
  fields: [
    { name: 'Name', json: 'Name', omitEmpty: true, value: goStr('') },
    { name: 'Os', json: 'Os', value: goStr('linux') },
    { name: 'Layers', json: 'Layers', value: goStrings(['a', 'b']) },
    { name: 'Env', json: 'Env', value: goStrings(null) },
    { name: 'Html', json: 'Html', value: goStr('<&>') },
  ],
};

const JSON_OUT =
  '{\n    "Os": "linux",\n    "Layers": [\n        "a",\n        "b"\n    ],\n    "Env": null,\n    "Html": "\\u003c\\u0026\\u003e"\n}\n';

describe('report formats', () => {
  it.each([
    { format: 'json', json: true },
    { format: '{{json .}}', json: true },
    { format: '  {{ json }}  ', json: true },
    { format: '{{json .Os}}', json: false },
    { format: 'jsonx', json: false },
  ])('isJsonFormat($format) = $json', ({ format, json }) => {
    expect(isJsonFormat(format)).toBe(json);
  });

  it.each([
    { name: 'newline appended', format: '{{.Os}}', normalized: '{{.Os}}\n' },
    { name: 'kept when present', format: '{{.Os}}\n', normalized: '{{.Os}}\n' },
    {
      name: 'escaped \\t and \\n become real ones',
      format: '{{.Os}}\\t{{.Os}}\\n',
      normalized: '{{.Os}}\t{{.Os}}\n',
    },
    {
      name: 'table prefix dropped, spaces become tabs',
      format: 'table {{.Os}} {{.Layers}}',
      normalized: '{{.Os}}\t{{.Layers}}\n',
    },
    { name: 'table only as a prefix', format: 'x table {{.Os}}', normalized: 'x table {{.Os}}\n' },
  ])('normalizeFormat: $name', ({ format, normalized }) => {
    expect(normalizeFormat(format)).toBe(normalized);
  });

  it.each([
    { name: 'default JSON', format: '', out: JSON_OUT },
    { name: '{{json .}} is the same JSON', format: '{{json .}}', out: JSON_OUT },
    { name: 'a field with a newline', format: '{{.Os}}', out: 'linux\n' },
    { name: 'range with escaped newline', format: '{{range .Layers}}{{.}}\\n{{end}}', out: 'a\nb\n\n' },
    { name: 'tabs aligned', format: '{{.Os}}\\tx\\nab\\ty', out: 'linux   x\nab      y\n' },
    { name: 'table', format: 'table {{.Os}} {{.Layers}}', out: 'linux   [a b]\n' },
    { name: '$ is the one-element list skopeo ranges over', format: '{{len $}}', out: '1\n' },
  ])('renders $name', ({ format, out }) => {
    expect(compileFormat(format)(value)).toBe(out);
  });

  it('fails on a bad template before anything is rendered', () => {
    expect(() => compileFormat('{{.Os')).toThrow(/^template: /);
  });
});
