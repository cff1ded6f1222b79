import { Box } from 'ink';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { StatusBar, type StatusBarProps } from './StatusBar.js';

// 47 columns of context; the testing terminal is 100 wide.
const CONTEXT = {
  registry: 'registry.example.com:5000',
  who: { username: 'alice', source: { kind: 'auth-file' as const } },
  runningJobs: 0,
};
const WHO = 'registry.example.com:5000 │ alice (auth.json)';
const LONG = `copied: registry.example.com:5000/team/app@sha256:${'a'.repeat(12)}`;
const SHORT = 'copied: quay.io/team/app:1.2';

function line(props: StatusBarProps, width: number): string {
  const { lastFrame, unmount } = render(
    <Box width={width}>
      <StatusBar {...props} width={width} />
    </Box>,
  );
  const frame = lastFrame() ?? '';
  unmount();
  return frame;
}

describe('StatusBar', () => {
  it.each([
    {
      name: 'copied text that fits beside the context',
      props: { ...CONTEXT, message: { text: SHORT, kind: 'copy' as const } },
      width: 80,
      shows: [WHO, SHORT],
      hides: [],
    },
    {
      name: 'copied text too long for the space left takes the line',
      props: { ...CONTEXT, message: { text: LONG, kind: 'copy' as const } },
      width: 80,
      shows: [LONG],
      hides: ['alice (auth.json)'],
    },
    {
      name: 'wide characters counted by the columns they take',
      props: { ...CONTEXT, message: { text: `copied: /${'漢'.repeat(14)}`, kind: 'copy' as const } },
      width: 80,
      shows: [`copied: /${'漢'.repeat(14)}`],
      hides: ['alice (auth.json)'],
    },
    {
      name: 'any other long message leaves the context and is cut',
      props: { ...CONTEXT, message: { text: LONG, kind: 'info' as const } },
      width: 80,
      shows: [WHO, 'copied: registry.example.com:50'],
      hides: [LONG],
    },
    {
      name: 'a request in flight wins over the message, beside the context',
      props: { ...CONTEXT, busy: 'listing tags', message: { text: LONG, kind: 'copy' as const } },
      width: 80,
      shows: [WHO, 'listing tags…'],
      hides: ['copied:'],
    },
  ])('$name', ({ props, width, shows, hides }) => {
    const frame = line(props, width);
    for (const s of shows) expect(frame).toContain(s);
    for (const h of hides) expect(frame).not.toContain(h);
  });
});
