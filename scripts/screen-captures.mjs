#!/usr/bin/env node
// Regenerates the screen captures in README.md (issue 5): `node scripts/screen-captures.mjs`
// (add `--print` to print them instead). Runs scripts/screen-captures.ts, with the test
// harness and the TUI it renders, bundled first (see run-ts.mjs).
import { runTypeScript } from './run-ts.mjs';

await runTypeScript({ entry: 'scripts/screen-captures.ts', cacheName: 'berth-screens' });
