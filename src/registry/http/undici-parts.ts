/**
 * The pieces of undici berth uses — Agent, Pool, buildConnector and the promise API — loaded from their
 * own modules instead of the package index. The index also builds fetch, WebSocket,
 * EventSource, the cache and mock layers, and touching them loads Node's bundled undici as
 * well: 68 ms against 22 ms to load (measured on Node 20), paid by every short command.
 * Types come from the package; undici 7 is pinned, so these paths are fixed.
 */
import type { Agent as UndiciAgent, buildConnector as UndiciConnector, Pool as UndiciPool } from 'undici';
import connectImpl from 'undici/lib/api/api-connect.js';
import requestImpl from 'undici/lib/api/api-request.js';
import buildConnectorImpl from 'undici/lib/core/connect.js';
import AgentImpl from 'undici/lib/dispatcher/agent.js';
import PoolImpl from 'undici/lib/dispatcher/pool.js';

// The index adds the promise API (`request`, `connect`, …) to Dispatcher.prototype; without
// it, only the two methods berth calls are attached, to the two classes it constructs.
for (const cls of [AgentImpl, PoolImpl] as Array<{ prototype: object }>) {
  Object.assign(cls.prototype, { request: requestImpl, connect: connectImpl });
}

export const Agent = AgentImpl as unknown as typeof UndiciAgent;
export type Agent = UndiciAgent;
export const Pool = PoolImpl as unknown as typeof UndiciPool;
export type Pool = UndiciPool;
/** undici's `buildConnector`, renamed so its type namespace can still be imported from 'undici'. */
export const newConnector = buildConnectorImpl as unknown as typeof UndiciConnector;

/**
 * Largest response header block accepted: 4× Node's default. Passed explicitly because
 * undici's fallback reads node:http's default (scripts/startup-patches.mjs), and
 * node:http is not loaded otherwise.
 */
export const MAX_HEADER_BYTES = 64 * 1024;
