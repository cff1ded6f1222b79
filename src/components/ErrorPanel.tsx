/**
 * An error, with the chain of causes one per line (berth wraps errors in gerund context:
 * "listing repositories: 401 Unauthorized: …"), so the user sees what failed and why.
 */
import { Box, Text } from 'ink';
import { printable, theme } from './theme.js';

/** Props of {@link ErrorPanel}. */
export interface ErrorPanelProps {
  error: Error;
  /** What was being done, e.g. "Cannot list the repositories". */
  title?: string;
  /** A line about what the user can do (keys, alternatives). */
  hint?: string;
}

/** The messages of an error and its causes, outermost first, repeated ones dropped. */
export function errorLines(error: unknown, max = 8): string[] {
  const out: string[] = [];
  let cur: unknown = error;
  for (let i = 0; cur !== undefined && cur !== null && i < max; i++) {
    const msg = cur instanceof Error ? cur.message : String(cur);
    if (msg && !out.some((l) => l.includes(msg))) out.push(printable(msg.replace(/\s*\n\s*/g, ' ')));
    cur = cur instanceof Error ? cur.cause : undefined;
  }
  return out;
}

/** An error panel. */
export function ErrorPanel({ error, title, hint }: ErrorPanelProps) {
  const lines = errorLines(error);
  return (
    <Box flexDirection="column">
      <Text bold color={theme.error}>
        error: {title ?? lines[0]}
      </Text>
      {(title ? lines : lines.slice(1)).map((l) => (
        // Lines are unique: errorLines drops repeats.
        <Text key={l} wrap="wrap">
          {'  '}
          {l === lines[0] ? '' : '← '}
          {l}
        </Text>
      ))}
      {hint ? <Text color={theme.muted}>{hint}</Text> : null}
    </Box>
  );
}
