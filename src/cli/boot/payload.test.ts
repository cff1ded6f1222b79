import { describe, expect, it } from 'vitest';
import { encodePayload, PAYLOAD_END, PAYLOAD_START, payloadOf } from './payload.js';

describe('payloadOf', () => {
  it.each([
    { name: 'plain source', source: 'module.exports.main = async () => {};' },
    { name: 'comment terminators and regexes', source: '/* @__PURE__ */ f(); const re = /a*/g; // */' },
    { name: 'a terminator followed by a slash', source: 'a*//b' },
    { name: 'the split form itself', source: 'x*//*y */*/' },
    { name: 'ending in a star', source: 'const a = 2 *' },
    { name: 'empty', source: '' },
  ])('reads back what was encoded: $name', ({ source }) => {
    const loader = `#!/usr/bin/env node\nconst marker = ${JSON.stringify(PAYLOAD_START)};\n`;
    const file = Buffer.from(`${loader}${encodePayload(source)}`);
    expect(payloadOf(file)).toBe(source);
  });

  it.each([
    { name: 'plain source', source: 'module.exports.main = () => 1;' },
    { name: 'comment terminators', source: 'const re = /a*/g; /* x */ const s = "*//*";' },
  ])('encodes $name as comments only: the file still parses as the loader alone', ({ source }) => {
    const text = `globalThis.seen = 1;${encodePayload(source)}`;
    expect(() => new Function(text)).not.toThrow();
  });

  it.each([
    { name: 'no payload at all', text: 'console.log(1);\n' },
    { name: 'a payload cut off before its end', text: `${PAYLOAD_START}AAAA` },
    { name: 'an end without a start', text: `AAAA${PAYLOAD_END}` },
  ])('is undefined for $name', ({ text }) => {
    expect(payloadOf(Buffer.from(text))).toBeUndefined();
  });

  it('refuses a program that contains its markers', () => {
    expect(() => encodePayload(`a${PAYLOAD_END}b`)).toThrow(/markers/);
  });
});
