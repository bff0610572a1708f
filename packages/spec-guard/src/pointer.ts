// JSON pointers (RFC 6901) are how every engine names a place in a document; the dotted form is what people
// read and write in the exceptions file (`paths./v1/investors.post`).

export type Segments = readonly string[];

export function escapeSegment(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function unescapeSegment(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** `['paths', '/v1/x', 'get']` -> `#/paths/~1v1~1x/get` */
export function toPointer(segments: Segments): string {
  return '#' + segments.map((s) => '/' + escapeSegment(s)).join('');
}

/** `#/paths/~1v1~1x/get` (or without the `#`) -> `['paths', '/v1/x', 'get']` */
export function parsePointer(pointer: string): string[] {
  let p = pointer.startsWith('#') ? pointer.slice(1) : pointer;
  if (p === '' || p === '/') return [];
  if (!p.startsWith('/')) throw new Error(`not a JSON pointer: ${pointer}`);
  p = p.slice(1);
  return p.split('/').map((s) => unescapeSegment(decodeURIComponent(s)));
}

/** `['paths', '/v1/x', 'get']` -> `paths./v1/x.get` */
export function toDotted(segments: Segments): string {
  return segments.join('.');
}

export function getAt(root: unknown, segments: Segments): unknown {
  let node: unknown = root;
  for (const s of segments) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[s];
  }
  return node;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
