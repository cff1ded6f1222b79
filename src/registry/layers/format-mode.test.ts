import { describe, expect, it } from 'vitest';
import { formatMode } from './format-mode.js';
import type { LayerEntryType } from './layer-entry.js';

describe('formatMode', () => {
  it.each<{ name: string; mode: number; type: LayerEntryType; want: string }>([
    { name: 'directory', mode: 0o755, type: 'dir', want: 'drwxr-xr-x' },
    { name: 'file', mode: 0o644, type: 'file', want: '-rw-r--r--' },
    { name: 'hard link shows as a file', mode: 0o600, type: 'hardlink', want: '-rw-------' },
    { name: 'symlink', mode: 0o777, type: 'symlink', want: 'lrwxrwxrwx' },
    { name: 'character device', mode: 0o666, type: 'char', want: 'crw-rw-rw-' },
    { name: 'block device', mode: 0o660, type: 'block', want: 'brw-rw----' },
    { name: 'fifo', mode: 0o600, type: 'fifo', want: 'prw-------' },
    { name: 'setuid', mode: 0o4755, type: 'file', want: '-rwsr-xr-x' },
    { name: 'setuid without execute', mode: 0o4644, type: 'file', want: '-rwSr--r--' },
    { name: 'setgid', mode: 0o2755, type: 'dir', want: 'drwxr-sr-x' },
    { name: 'setgid without execute', mode: 0o2745, type: 'file', want: '-rwxr-Sr-x' },
    { name: 'sticky', mode: 0o1777, type: 'dir', want: 'drwxrwxrwt' },
    { name: 'sticky without execute', mode: 0o1776, type: 'dir', want: 'drwxrwxrwT' },
    { name: 'nothing', mode: 0, type: 'file', want: '----------' },
  ])('$name', ({ mode, type, want }) => {
    expect(formatMode(mode, type)).toBe(want);
  });
});
