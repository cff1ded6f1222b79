import { describe, expect, it } from 'vitest';
import type { BlobRef, CopyEvent } from '../../registry/copy/index.js';
import { digestOf } from '../../registry/digest/index.js';
import type { ProgressView } from '../output/progress/index.js';
import { CopyLines } from './copy-lines.js';

function recorder(): { view: ProgressView; out: string[] } {
  const out: string[] = [];
  return {
    out,
    view: {
      line: (t) => out.push(t),
      event: (e, owner) => out.push(`<${e.type}${owner === undefined ? '' : ` ${owner}`}>`),
      close: () => out.push('<close>'),
    },
  };
}

const blob: BlobRef = { digest: digestOf('b'), size: 1, mediaType: 'x', kind: 'layer' };
const events: CopyEvent[] = [
  { type: 'plan', images: 2, listed: 3, blobs: 1, bytes: 1 },
  { type: 'done', blob },
  { type: 'manifest-written', digest: digestOf('c1'), mediaType: 'm', size: 1, role: 'child' },
  { type: 'manifest-written', digest: digestOf('c2'), mediaType: 'm', size: 1, role: 'child' },
  { type: 'manifest-written', digest: digestOf('t'), mediaType: 'm', size: 1, role: 'top' },
];

describe('CopyLines (skopeo 1.9.3 wording)', () => {
  it.each([
    {
      name: 'a list',
      list: true,
      removeSignatures: false,
      want: [
        'Getting image list signatures',
        'Copying 2 of 3 images in list',
        '<plan 7>',
        '<done 7>',
        '<manifest-written 7>',
        'Writing manifest to image destination',
        '<manifest-written 7>',
        'Writing manifest to image destination',
        '<manifest-written 7>',
        'Writing manifest list to image destination',
        'Storing list signatures',
      ],
    },
  ])('$name', ({ list, removeSignatures, want }) => {
    const { view, out } = recorder();
    const lines = new CopyLines({ view, owner: 7, list, removeSignatures });
    lines.start();
    for (const e of events) lines.onEvent(e);
    lines.finish();
    expect(out).toEqual(want);
  });

  it('a single image, --remove-signatures: no "Getting … signatures"', () => {
    const { view, out } = recorder();
    const lines = new CopyLines({ view, list: false, removeSignatures: true });
    lines.start();
    lines.onEvent({ type: 'plan', images: 1, listed: 1, blobs: 0, bytes: 0 });
    lines.onEvent(events[4] as CopyEvent);
    lines.finish();
    expect(out).toEqual([
      '<plan>',
      '<manifest-written>',
      'Writing manifest to image destination',
      'Storing signatures',
    ]);
  });
});
