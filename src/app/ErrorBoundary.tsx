/**
 * The last line of defence: a render error in any screen shows the error (with its causes)
 * instead of a blank terminal, and q or Ctrl-C leaves berth with the terminal restored.
 */
import { Box, useApp, useInput } from 'ink';
import { Component, type ReactNode } from 'react';
import { ErrorPanel } from '../components/ErrorPanel.js';

interface State {
  error: Error | undefined;
}

/** Catches render errors below it. */
export class ErrorBoundary extends Component<{ children?: ReactNode }, State> {
  override state: State = { error: undefined };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override render() {
    return this.state.error ? <Crashed error={this.state.error} /> : this.props.children;
  }
}

function Crashed({ error }: { error: Error }) {
  const { exit } = useApp();
  useInput((input, key) => {
    if (input === 'q' || (key.ctrl && input === 'c')) exit(error);
  });
  return (
    <Box flexDirection="column">
      <ErrorPanel error={error} title="berth failed to draw this screen (a bug)" hint="press q to quit" />
    </Box>
  );
}
