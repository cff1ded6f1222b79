import { describe, expect, it } from 'vitest';
import { parseGoTime } from './go-time.js';
import {
  formatGoValue,
  type GoValue,
  goBool,
  goInt,
  goStr,
  goStringMap,
  goStrings,
  goValueCompactJson,
  goValueIndentedJson,
  isGoTrue,
} from './go-value.js';

const nilTime: GoValue = { kind: 'time', value: undefined, pointer: true };

describe('Go values', () => {
  it.each([
    { name: 'empty string', value: goStr(''), truth: false, text: '' },
    { name: 'zero int', value: goInt(0), truth: false, text: '0' },
    { name: 'true', value: goBool(true), truth: true, text: 'true' },
    { name: 'nil slice', value: goStrings(null), truth: false, text: '[]' },
    { name: 'empty map', value: goStringMap({}, goStr, goStr('')), truth: false, text: 'map[]' },
    { name: 'nil *time.Time', value: nilTime, truth: false, text: '<nil>' },
    {
      name: 'a struct is always true',
      value: { kind: 'struct', type: 't', fields: [] } as GoValue,
      truth: true,
      text: '{}',
    },
    { name: 'missing', value: { kind: 'missing' } as GoValue, truth: false, text: '<no value>' },
  ])('$name', ({ value, truth, text }) => {
    expect(isGoTrue(value)).toBe(truth);
    expect(formatGoValue(value)).toBe(text);
  });

  const struct: GoValue = {
    kind: 'struct',
    type: 't',
    fields: [
      { name: 'A', json: 'a', omitEmpty: true, value: goStr('') },
      { name: 'B', json: 'b', omitEmpty: true, value: goStrings([]) },
      { name: 'C', json: 'c', omitEmpty: true, value: nilTime },
      { name: 'D', json: 'd', value: goStrings(null) },
      {
        name: 'E',
        json: 'e',
        value: { kind: 'time', value: parseGoTime('2023-01-02T03:04:05.5+02:00'), pointer: true },
      },
      { name: 'F', json: 'f', omitEmpty: true, value: { kind: 'struct', type: 'u', fields: [] } },
      { name: 'G', json: 'g', value: goStringMap({ 'b\u2028': '<&>', a: 'é\u0001' }, goStr, goStr('')) },
    ],
  };

  it('encodes JSON as Go: omitempty, nil as null, sorted map keys, RFC 3339 times', () => {
    expect(goValueIndentedJson(struct)).toBe(
      '{\n    "d": null,\n    "e": "2023-01-02T03:04:05.5+02:00",\n    "f": {},\n    "g": {\n        "a": "é\\u0001",\n        "b\\u2028": "\\u003c\\u0026\\u003e"\n    }\n}',
    );
  });

  it('encodes compact JSON without HTML escaping, as the report json function does', () => {
    expect(goValueCompactJson(struct)).toBe(
      '{"d":null,"e":"2023-01-02T03:04:05.5+02:00","f":{},"g":{"a":"é\\u0001","b\\u2028":"<&>"}}',
    );
    expect(goValueCompactJson(goStr('a\\u003cb'))).toBe('"a\\\\u003cb"');
  });
});
