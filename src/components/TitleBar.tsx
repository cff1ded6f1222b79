/** The top line: where the user is, as a trail of screens. */
import { Text } from 'ink';
import { printable, theme } from './theme.js';

/** Props of {@link TitleBar}. */
export interface TitleBarProps {
  crumbs: readonly string[];
}

/** `berth › registries › quay.io`, the current screen in bold. */
export function TitleBar({ crumbs }: TitleBarProps) {
  const before = crumbs.slice(0, -1).map((c) => ` › ${printable(c)}`);
  const last = crumbs.at(-1);
  return (
    <Text wrap="truncate-start">
      <Text bold color={theme.accent}>
        berth
      </Text>
      {before.join('')}
      {last !== undefined ? (
        <Text>
          {' › '}
          <Text bold>{printable(last)}</Text>
        </Text>
      ) : null}
    </Text>
  );
}
