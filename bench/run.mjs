#!/usr/bin/env node
// Runs bench/run.ts with the same arguments (bundled first: see scripts/run-ts.mjs).
import { runTypeScript } from '../scripts/run-ts.mjs';

await runTypeScript({ entry: 'bench/run.ts', cacheName: 'berth-bench' });
