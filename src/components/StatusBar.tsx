/**
 * The status line: the registry, who berth is there and where that credential came from,
 * Docker Hub's remaining pulls when seen, running jobs, and either what is loading (with the
 * spinner) or the last message. Messages are also how copied text is shown, so it can be
 * selected by hand when the terminal ignores OSC 52: such a message, when it does not fit
 * beside the context, takes the whole line until the user moves on (the store drops it then).
 */
import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import stringWidth from 'string-width';
import type { CredentialSource } from '../registry/auth/index.js';
import { printable, theme } from './theme.js';

/** Props of {@link StatusBar}. */
export interface StatusBarProps {
  registry?: string;
  who?: { username?: string; source?: CredentialSource; loading?: boolean; error?: string };
  rateLimit?: { remaining: number; limit: number };
  runningJobs: number;
  /** A request in flight, shown with the spinner (wins over the message). */
  busy?: string;
  spinner?: ReactNode;
  message?: { text: string; kind: 'info' | 'error' | 'copy' };
  readOnly?: boolean;
  /** The terminal's columns: a `copy` message too long to fit beside the context takes the line. */
  width?: number;
}

/** How a credential source is named: the file kind or the helper. */
export function describeSource(source: CredentialSource): string {
  switch (source.kind) {
    case 'auth-file':
      return 'auth.json';
    case 'docker-config':
      return 'docker config';
    case 'dockercfg':
      return '.dockercfg';
    case 'cred-helper':
      return `helper ${source.helper ?? ''}`.trim();
    case 'creds-store':
      return `credsStore ${source.helper ?? ''}`.trim();
    case 'flag':
      return 'command line';
    case 'anonymous':
      return 'anonymous';
  }
}

/** "alice (auth.json)", "anonymous", "…" while looking. */
export function describeWho(who: NonNullable<StatusBarProps['who']>): string {
  if (who.loading) return '…';
  if (who.error) return 'credentials unreadable';
  if (!who.source || who.source.kind === 'anonymous') return 'anonymous';
  const where = describeSource(who.source);
  return who.username ? `${who.username} (${where})` : where;
}

/** The status line. */
export function StatusBar(props: StatusBarProps) {
  const parts: string[] = [];
  if (props.registry) parts.push(props.registry);
  if (props.who) parts.push(describeWho(props.who));
  if (props.rateLimit) parts.push(`pulls ${props.rateLimit.remaining}/${props.rateLimit.limit}`);
  if (props.runningJobs > 0) parts.push(`${props.runningJobs} job${props.runningJobs === 1 ? '' : 's'}`);
  if (props.readOnly) parts.push('read-only');
  const context = ` ${printable(parts.join(' │ ') || 'berth')} `;
  const copy = !props.busy && props.message?.kind === 'copy' ? printable(props.message.text) : undefined;
  const copyOnly =
    copy !== undefined &&
    props.width !== undefined &&
    stringWidth(context) + 1 + stringWidth(copy) > props.width;
  return (
    <Box height={1} flexDirection="row">
      {copyOnly ? null : (
        <Box flexShrink={0} marginRight={1}>
          <Text inverse wrap="truncate-end">
            {context}
          </Text>
        </Box>
      )}
      <Box flexGrow={1} flexShrink={1}>
        {props.busy ? (
          <Text wrap="truncate-end">
            {props.spinner} {printable(props.busy)}…
          </Text>
        ) : props.message ? (
          <Text color={props.message.kind === 'error' ? theme.error : undefined} wrap="truncate-end">
            {props.message.kind === 'error' ? 'error: ' : ''}
            {printable(props.message.text)}
          </Text>
        ) : null}
      </Box>
    </Box>
  );
}
