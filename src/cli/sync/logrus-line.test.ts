import { describe, expect, it } from 'vitest';
import { goQuote, type LogFields, logrusLine, SyncLog } from './logrus-line.js';

const time = new Date(Date.UTC(2026, 10, 27, 7, 21, 1));

describe('logrusLine (as skopeo sync prints with TZ=UTC)', () => {
  it.each<{ name: string; msg: string; fields: LogFields; want: string }>([
    {
      name: 'copy line with sorted, quoted fields',
      msg: 'Copying image ref 1/2',
      fields: { to: 'dir:/tmp/sd1/app:v1', from: 'docker://127.0.0.1:5077/app:v1' },
      want: 'level=info msg="Copying image ref 1/2" from="docker://127.0.0.1:5077/app:v1" to="dir:/tmp/sd1/app:v1"',
    },
    {
      name: 'bare values stay bare',
      msg: 'Tag presence check',
      fields: { imagename: '127.0.0.1:5077/app', tagged: false },
      want: 'level=info msg="Tag presence check" imagename="127.0.0.1:5077/app" tagged=false',
    },
    {
      name: 'bare message',
      msg: 'done',
      fields: { image: 'quay.io/app' },
      want: 'level=info msg=done image=quay.io/app',
    },
  ])('$name', ({ msg, fields, want }) => {
    const line = logrusLine({ time, level: 'info', msg, fields });
    // The time is local; the rest is fixed.
    expect(line.replace(/^time="[^"]+" /, '')).toBe(want);
    expect(line).toMatch(/^time="2026-11-2\dT\d\d:\d\d:01(Z|[+-]\d\d:\d\d)" /);
  });

  it.each([
    { name: 'quotes and backslashes', s: 'a"b\\c', want: '"a\\"b\\\\c"' },
    { name: 'newline and escape', s: 'x\n\x1b[2J', want: '"x\\n\\x1b[2J"' },
    { name: 'unicode kept', s: 'é', want: '"é"' },
  ])('goQuote: $name', ({ s, want }) => {
    expect(goQuote(s)).toBe(want);
  });

  it('SyncLog drops debug lines unless asked', () => {
    const lines: string[] = [];
    const log = new SyncLog({ emit: (l) => lines.push(l), now: () => time });
    log.debug('hidden');
    log.warn('Running in dry-run mode');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('level=warning msg="Running in dry-run mode"');
  });
});
