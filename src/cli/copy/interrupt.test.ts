import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { CliContext } from '../context.js';
import { InterruptedError, trapInterrupt } from './interrupt.js';

const newCtx = () => new CliContext({ globals: { debug: false, insecurePolicy: true }, env: {} });

describe('trapInterrupt', () => {
  it('aborts the command on SIGINT, once, then leaves the next one to Node', async () => {
    const ctx = newCtx();
    const proc = new EventEmitter();
    const trap = trapInterrupt(ctx, proc);
    expect(proc.listenerCount('SIGINT')).toBe(1);
    proc.emit('SIGINT');
    expect(trap.interrupted).toBe(true);
    expect(ctx.signal.reason).toBeInstanceOf(InterruptedError);
    expect(proc.listenerCount('SIGINT')).toBe(0);
    trap.dispose();
    await ctx.close();
  });

  it('removes its handler when disposed', async () => {
    const ctx = newCtx();
    const proc = new EventEmitter();
    const trap = trapInterrupt(ctx, proc);
    trap.dispose();
    expect(proc.listenerCount('SIGINT')).toBe(0);
    expect(trap.interrupted).toBe(false);
    expect(ctx.signal.aborted).toBe(false);
    await ctx.close();
  });
});
