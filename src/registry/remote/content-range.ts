/**
 * `Content-Range: bytes START-END/TOTAL` parsing for resumed blob downloads. A
 * resume is only trusted when the server answers exactly the range we asked for:
 * anything else could splice foreign bytes into the stream (c/image body_reader.go).
 */
export interface ContentRange {
  start: number;
  end: number;
  total?: number;
}

export function parseContentRange(value: string | undefined): ContentRange | undefined {
  if (!value) return undefined;
  const m = /^\s*bytes\s+(\d{1,15})-(\d{1,15})\/(\d{1,15}|\*)\s*$/.exec(value);
  if (!m) return undefined;
  const start = Number(m[1]);
  const end = Number(m[2]);
  if (end < start) return undefined;
  return m[3] === '*' ? { start, end } : { start, end, total: Number(m[3]) };
}

/** Whether a 206 answer covers exactly `offset` to the end of a blob of `size` bytes. */
export function isExactResume(range: ContentRange | undefined, offset: number, size: number): boolean {
  if (!range) return false;
  return (
    range.start === offset && range.end === size - 1 && (range.total === undefined || range.total === size)
  );
}
