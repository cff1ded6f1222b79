import { describe, expect, it } from 'vitest';
import { encodePayload, PAYLOAD_START, payloadOf } from './payload.js';

describe('payloadOf', () => {
  it.each([
    { name: 'plain source', source: 'module.exports.main = async () => {};' },
    { name: 'comment terminators and regexes', source: '/* @__PURE__ */ f(); const re = /a*/g; // */' },
    { name: 'empty', source: '' },
  ])('reads back what was encoded: $name', ({ source }) => {
    const file = Buffer.from(`#!/usr/bin/env node\nimport 'node:fs';\n${encodePayload(source)}`);
    expect(payloadOf(file)).toBe(source);
  });

  it.each([
    { name: 'no payload at all', text: 'console.log(1);\n' },
    { name: 'a payload cut off before its end', text: `${PAYLOAD_START}AAAA` },
  ])('is undefined for $name', ({ text }) => {
    expect(payloadOf(Buffer.from(text))).toBeUndefined();
  });
});
