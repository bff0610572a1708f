// JSON pointers (RFC 6901) are how every engine names a place in a document (`@zestequity/spec-model` reads and
// writes them); the dotted form is what people read and write in the exceptions file (`paths./v1/investors.post`).

export type Segments = readonly string[];

/** `['paths', '/v1/x', 'get']` -> `paths./v1/x.get` */
export function toDotted(segments: Segments): string {
  return segments.join('.');
}
