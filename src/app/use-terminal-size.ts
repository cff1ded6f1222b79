/**
 * The terminal's size, updated on resize. Ink re-lays out on resize itself, but berth's
 * layout (frame height, list heights, the too-small notice) depends on the size, so it is
 * state here. A stream without a size (a pipe in tests) counts as 80×24.
 */
import { useStdout } from 'ink';
import { useLayoutEffect, useState } from 'react';

/** Columns and rows. */
export interface TerminalSize {
  columns: number;
  rows: number;
}

/** The size of Ink's stdout. */
export function useTerminalSize(): TerminalSize {
  const { stdout } = useStdout();
  const [size, setSize] = useState<TerminalSize>(() => read(stdout));
  // A layout effect: subscribed as the first frame is committed, so no resize is missed.
  useLayoutEffect(() => {
    const onResize = (): void => setSize(read(stdout));
    stdout.on('resize', onResize);
    // The size may have changed between the first render and this effect.
    onResize();
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return size;
}

function read(stdout: NodeJS.WriteStream): TerminalSize {
  return { columns: stdout.columns || 80, rows: stdout.rows || 24 };
}
