import { describe, expect, it } from 'vitest';
import { GoTemplate, TemplateError } from './go-template.js';
import { parseGoTime } from './go-time.js';
import { EMPTY_STRUCT, type GoValue, goBool, goInt, goStr, goStringMap, goStrings } from './go-value.js';

const data: GoValue = {
  kind: 'struct',
  type: 'test.Data',
  fields: [
    { name: 'Name', json: 'Name', value: goStr('registry.example/app') },
    { name: 'Empty', json: 'Empty', value: goStr('') },
    { name: 'Count', json: 'Count', value: goInt(3) },
    { name: 'Flag', json: 'Flag', value: goBool(false) },
    { name: 'Tags', json: 'Tags', value: goStrings(['v1', 'v2']) },
    { name: 'None', json: 'None', value: goStrings(null) },
    { name: 'Labels', json: 'Labels', value: goStringMap({ z: '1', a: 'x<y>&' }, goStr, goStr('')) },
    { name: 'NoLabels', json: 'NoLabels', value: goStringMap(null, goStr, goStr('')) },
    { name: 'Ports', json: 'Ports', value: goStringMap({ '80/tcp': {} }, () => EMPTY_STRUCT, EMPTY_STRUCT) },
    {
      name: 'Created',
      json: 'Created',
      value: { kind: 'time', value: parseGoTime('2023-01-02T03:04:05.5Z'), pointer: true },
    },
    { name: 'Never', json: 'Never', value: { kind: 'time', value: undefined, pointer: true } },
    {
      name: 'Inner',
      json: 'inner',
      value: {
        kind: 'struct',
        type: 'test.Inner',
        fields: [
          { name: 'X', json: 'x', value: goStr('ex') },
          { name: 'N', json: 'n', omitEmpty: true, value: goInt(0) },
        ],
      },
    },
  ],
};

describe('GoTemplate', () => {
  it.each([
    { name: 'literal text', tpl: 'hello', out: 'hello' },
    { name: 'field', tpl: '{{.Name}}', out: 'registry.example/app' },
    { name: 'field chain on a struct', tpl: '{{.Inner.X}}', out: 'ex' },
    { name: 'field on a map', tpl: '{{.Labels.a}}', out: 'x<y>&' },
    { name: 'missing map key', tpl: '{{.Labels.nope}}', out: '<no value>' },
    { name: 'slice as %v', tpl: '{{.Tags}}', out: '[v1 v2]' },
    { name: 'nil slice', tpl: '{{.None}}', out: '[]' },
    { name: 'map sorted', tpl: '{{.Labels}}', out: 'map[a:x<y>& z:1]' },
    { name: 'nil map', tpl: '{{.NoLabels}}', out: 'map[]' },
    { name: 'set of empty structs', tpl: '{{.Ports}}', out: 'map[80/tcp:{}]' },
    { name: 'struct as %v', tpl: '{{.Inner}}', out: '{ex 0}' },
    { name: 'time', tpl: '{{.Created}}', out: '2023-01-02 03:04:05.5 +0000 UTC' },
    { name: 'nil time', tpl: '{{.Never}}', out: '<nil>' },
    { name: 'int and bool', tpl: '{{.Count}} {{.Flag}}', out: '3 false' },
    { name: 'range over a slice', tpl: '{{range .Tags}}[{{.}}]{{end}}', out: '[v1][v2]' },
    {
      name: 'range with index and element',
      tpl: '{{range $i, $t := .Tags}}{{$i}}={{$t}};{{end}}',
      out: '0=v1;1=v2;',
    },
    {
      name: 'range over a map, sorted',
      tpl: '{{range $k, $v := .Labels}}{{$k}}:{{$v}} {{end}}',
      out: 'a:x<y>& z:1 ',
    },
    { name: 'range else', tpl: '{{range .None}}x{{else}}empty{{end}}', out: 'empty' },
    { name: 'if/else if/else', tpl: '{{if .Empty}}a{{else if .Flag}}b{{else}}c{{end}}', out: 'c' },
    { name: 'with rebinds dot', tpl: '{{with .Inner}}{{.X}}{{end}}', out: 'ex' },
    { name: 'with else', tpl: '{{with .Empty}}x{{else}}none{{end}}', out: 'none' },
    {
      name: 'variables and $',
      tpl: '{{$n := .Name}}{{with .Inner}}{{$n}}/{{$.Count}}{{end}}',
      out: 'registry.example/app/3',
    },
    { name: 'index on a map and a slice', tpl: '{{index .Labels "z"}}{{index .Tags 1}}', out: '1v2' },
    { name: 'index of a missing key is the zero value', tpl: '[{{index .Labels "nope"}}]', out: '[]' },
    { name: 'len', tpl: '{{len .Tags}} {{len .Labels}} {{len .Name}}', out: '2 2 20' },
    {
      name: 'json',
      tpl: '{{json .Labels}} {{json .Inner}} {{json .None}}',
      out: '{"a":"x<y>&","z":"1"} {"x":"ex"} null',
    },
    { name: 'pipeline into printf', tpl: '{{.Name | printf "<%s>"}}', out: '<registry.example/app>' },
    { name: 'print spacing', tpl: '{{print .Count 4 "s" .Count}}', out: '3 4s3' },
    { name: 'println', tpl: '{{println .Name .Count}}', out: 'registry.example/app 3\n' },
    {
      name: 'comparisons',
      tpl: '{{eq .Count 3}} {{ne .Name "x"}} {{lt 1 2}} {{ge .Count 4}} {{eq .Name "a" "registry.example/app"}}',
      out: 'true true true false true',
    },
    {
      name: 'and/or/not',
      tpl: '{{and .Name .Empty}}|{{or .Empty .Name}}|{{not .Flag}}',
      out: '|registry.example/app|true',
    },
    {
      name: 'join, upper, lower',
      tpl: '{{join .Tags ","}} {{upper .Name}} {{lower "AB"}}',
      out: 'v1,v2 REGISTRY.EXAMPLE/APP ab',
    },
    { name: 'group with field', tpl: '{{(index .Tags 0)}}', out: 'v1' },
    { name: 'trim markers', tpl: 'a  {{- .Count -}}  b', out: 'a3b' },
    { name: 'comments', tpl: 'a{{/* nothing */}}b{{- /* trimmed */ -}} c', out: 'abc' },
    { name: 'string escapes', tpl: '{{"a\\tb\\u00e9"}}', out: 'a\tbé' },
    { name: 'raw string', tpl: '{{`a\\tb`}}', out: 'a\\tb' },
  ])('$name', ({ tpl, out }) => {
    expect(GoTemplate.parse(tpl).execute(data)).toBe(out);
  });

  it.each([
    { name: 'unknown field', tpl: '{{.Nope}}', error: /can't evaluate field Nope in type test\.Data/ },
    { name: 'field of a string', tpl: '{{.Name.X}}', error: /can't evaluate field X in type string/ },
    { name: 'method call', tpl: '{{.Created.Year}}', error: /can't evaluate field Year/ },
    { name: 'unknown function', tpl: '{{html .Name}}', error: /function "html" not defined/ },
    { name: 'define', tpl: '{{define "x"}}{{end}}', error: /"define" is not supported/ },
    { name: 'unclosed action', tpl: '{{.Name', error: /unclosed action/ },
    { name: 'missing end', tpl: '{{if .Name}}x', error: /unexpected EOF/ },
    { name: 'stray end', tpl: '{{end}}', error: /unexpected \{\{end\}\}/ },
    { name: 'index out of range', tpl: '{{index .Tags 5}}', error: /index out of range: 5/ },
    { name: 'undefined variable', tpl: '{{$x}}', error: /undefined variable "\$x"/ },
    { name: 'range over a string', tpl: '{{range .Name}}{{end}}', error: /range can't iterate/ },
    { name: 'argument to a field', tpl: '{{.Name 1}}', error: /can't give argument/ },
    { name: 'float literal', tpl: '{{1.5}}', error: /unexpected/ },
    { name: 'assignment', tpl: '{{$x := 1}}{{$x = 2}}', error: /assignment with = is not supported/ },
    { name: 'nil pointer field', tpl: '{{.Never.Year}}', error: /nil pointer evaluating \*time\.Time\.Year/ },
  ])('refuses: $name', ({ tpl, error }) => {
    const run = () => GoTemplate.parse(tpl).execute(data);
    expect(run).toThrow(TemplateError);
    expect(run).toThrow(error);
  });
});
