/**
 * The one spinner, in the status bar, shown while any request is in flight. It animates
 * on its own timer only while shown, at a pace well under the render cap; with `animate`
 * off (tests, screen readers) it is a static `*`, so frames change only when state does.
 */
import { Text } from 'ink';
import { useEffect, useState } from 'react';
import { theme } from './theme.js';

const FRAMES = ['|', '/', '-', '\\'] as const;
const INTERVAL_MS = 150;

/** Props of {@link Spinner}. */
export interface SpinnerProps {
  animate: boolean;
}

/** A spinning bar. */
export function Spinner({ animate }: SpinnerProps) {
  const [frame, setFrame] = useState(0);
  useEffect(() => {
    if (!animate) return;
    const timer = setInterval(() => setFrame((f) => (f + 1) % FRAMES.length), INTERVAL_MS);
    return () => clearInterval(timer);
  }, [animate]);
  return <Text color={theme.accent}>{animate ? FRAMES[frame] : '*'}</Text>;
}
