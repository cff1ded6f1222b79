import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { copyHeaders } from './forward.js';

const TAG_LIST = /^\/v2\/(.+)\/tags\/list(?:\?(.*))?$/;
const MAX_TAG_LIST_BYTES = 16 * 1024 * 1024;

/** A response the proxy sends on: status, flat raw headers and a body stream. */
export interface ProxiedResponse {
  status: number;
  rawHeaders: string[];
  body: Readable;
}

/** The repository name if `url` is a tag-list request, else undefined. */
export function tagListRepository(url: string): string | undefined {
  return TAG_LIST.exec(url)?.[1];
}

/**
 * Emulates distribution-spec tag-list pagination on top of a registry that has none.
 *
 * distribution 2.8.2 ignores `n` and `last` on `/tags/list`: it always returns every tag, unsorted
 * (filesystem order), with no `Link` header. Its `_catalog` does paginate. This re-serves the full
 * list the way distribution 3 does: sorted, tags after `last`, at most `n`, and
 * `Link: </v2/NAME/tags/list?last=X&n=N>; rel="next"` while more remain.
 */
export async function paginateTagList(url: string, full: IncomingMessage): Promise<ProxiedResponse> {
  const name = tagListRepository(url) ?? '';
  const query = new URLSearchParams(TAG_LIST.exec(url)?.[2] ?? '');
  const passThrough = (body: Buffer): ProxiedResponse => ({
    status: full.statusCode ?? 0,
    rawHeaders: [...copyHeaders(full.rawHeaders, ['content-length']), 'Content-Length', String(body.length)],
    body: Readable.from([body]),
  });
  const body = await readBounded(full, MAX_TAG_LIST_BYTES);
  if (full.statusCode !== 200) return passThrough(body);

  const nParam = query.get('n');
  const n = nParam === null ? undefined : Number(nParam);
  if (n !== undefined && (!Number.isInteger(n) || n < 0)) {
    return json(400, {
      errors: [{ code: 'PAGINATION_NUMBER_INVALID', message: 'invalid number of results requested' }],
    });
  }
  const parsed = JSON.parse(body.toString('utf8')) as { name?: string; tags?: string[] | null };
  const last = query.get('last');
  const all = [...(parsed.tags ?? [])].sort().filter((tag) => last === null || tag > last);
  const page = n === undefined ? all : all.slice(0, n);
  const headers: string[] = [];
  if (n !== undefined && n > 0 && page.length < all.length) {
    const next = new URLSearchParams({ last: page[page.length - 1]!, n: String(n) });
    headers.push('Link', `</v2/${name}/tags/list?${next}>; rel="next"`);
  }
  return json(200, { name: parsed.name ?? name, tags: page }, headers);
}

function json(status: number, value: unknown, extra: string[] = []): ProxiedResponse {
  const body = Buffer.from(JSON.stringify(value));
  return {
    status,
    rawHeaders: [
      'Content-Type',
      'application/json; charset=utf-8',
      'Content-Length',
      String(body.length),
      ...extra,
    ],
    body: Readable.from([body]),
  };
}

async function readBounded(stream: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    total += (chunk as Buffer).length;
    if (total > limit) throw new Error(`tag list exceeds ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
