/**
 * The Tags screen with 100 000 tags, filled into the store directly: the screen never walks
 * the list in a render, so going to the end, sorting and each filter keystroke cost a
 * bounded number of renders (frames), however long the list. (Timings are `bench/`'s job.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type BerthDeps, createBerthStore } from '../../src/store/index.js';
import type { RenderedApp } from './render.js';
import { makeTuiSandbox, type TuiSandbox } from './sandbox.js';
import { openTagsScreen, repositoryImage, timeKeystroke, versionTags } from './tag-list-kit.js';

let sb: TuiSandbox | undefined;
let app: RenderedApp | undefined;

afterEach(async () => {
  app?.unmount();
  app = undefined;
  await sb?.remove();
  sb = undefined;
});

describe('100 000 tags', () => {
  it('goes to the end, sorts and filters within a few renders each', async () => {
    sb = await makeTuiSandbox();
    const real = sb.deps;
    // No registry: the rows are not enriched, which this test is not about.
    const deps: BerthDeps = {
      ...real,
      clientFor: () => {
        throw new Error('no registry in this test');
      },
    };
    const store = createBerthStore(deps);
    const tags = versionTags(100_000);
    expect(new Set(tags).size).toBe(100_000);
    app = await openTagsScreen(store, repositoryImage('registry.invalid', 'big/list'), { tags });
    expect(app.lastFrame()).toContain('Tags 100000 by name');
    expect(app.lastFrame()).toContain(`> ${[...tags].sort()[0]}`);

    // The TAG column is 20 wide at 80 columns: the last tag is cut, its start is enough.
    const last = ([...tags].sort().at(-1) as string).slice(0, 15);
    const end = await timeKeystroke(app, 'G', `> ${last}`);
    expect(end.frames).toBeLessThanOrEqual(3);

    const sorted = await timeKeystroke(app, 's', 'Tags 100000 by version');
    expect(sorted.frames).toBeLessThanOrEqual(3);
    // The cursor stays on its tag, now somewhere in the middle.
    expect(sorted.frame).toContain(`> ${last}`);

    // Date order: no registry here, so no date is known and none can be looked up; the
    // title says so, and the 100 000 rows (all undated: by name) cost no more renders.
    const byDate = await timeKeystroke(app, 's', 'Tags 100000 by date (dates for 0 of 100 000)');
    expect(byDate.frames).toBeLessThanOrEqual(3);
    expect(byDate.frame).toContain(`> ${last}`);

    await app.press('g', '/');
    const filter = await timeKeystroke(app, '9', /\/9\s+\d+\/100000/);
    expect(filter.frames).toBeLessThanOrEqual(3);
    expect(filter.frame).toContain(`${tags.filter((t) => t.includes('9')).length}/100000`);
    // The cursor is on the first match.
    expect(filter.frame).toMatch(/^> \S*9/m);
    const narrower = await timeKeystroke(app, '.', /\/9\.\s+\d+\/100000/);
    expect(narrower.frames).toBeLessThanOrEqual(3);
    expect(narrower.frame).toContain(`${tags.filter((t) => /9.*\./.test(t)).length}/100000`);
    const back = await timeKeystroke(app, '\x7f', /\/9\s+\d+\/100000/);
    expect(back.frames).toBeLessThanOrEqual(3);
  });
});
