import type { OperationLocation } from '@zestequity/spec-model';
import { type Doc, isFreePath } from '../document.js';
import type { Draft } from '../draft.js';
import { matchedOperations } from '../operations.js';
import { SchemaPairs } from './schema-pairs.js';

// `x-zest-max-bytes`: the largest file an upload part may carry (docs/design-decisions.md#upload-limits). The SDK
// checks it before sending, the sandbox and the contract tests enforce it, and one byte more is 413 from the API: a
// lower limit refuses uploads that worked, a higher one accepts more.

const KEY = 'x-zest-max-bytes';

export function uploadLimitFindings(base: Doc, head: Doc, pathMatch: Map<string, string>): Draft[] {
  const out: Draft[] = [];
  for (const [b, h] of matchedOperations(base, head, pathMatch)) new UploadLimits(base, head, h, out).operation(b);
  return out;
}

class UploadLimits {
  constructor(
    private readonly base: Doc,
    private readonly head: Doc,
    private readonly h: OperationLocation,
    private readonly out: Draft[],
  ) {}

  operation(b: OperationLocation): void {
    const pairs = new SchemaPairs(this.base, this.head, (bNode, bAt, hNode, hAt) =>
      this.limit(bNode[KEY], [...bAt, KEY], hNode[KEY], [...hAt, KEY]),
    );
    pairs.content(
      { node: b.node.requestBody, segments: [...b.segments, 'requestBody'] },
      { node: this.h.node.requestBody, segments: [...this.h.segments, 'requestBody'] },
    );
  }

  private limit(b: unknown, bAt: string[], h: unknown, hAt: string[]): void {
    if (b === h || (b === undefined && h === undefined)) return;
    const valid = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0;
    if (b === undefined && valid(h)) {
      // Like x-zest-idempotency: a base that did not state the limit said nothing about it.
      this.add('SG072', `states an upload limit of ${h} bytes (${KEY}); the base stated none`, hAt, 'head');
    } else if (valid(b) && valid(h)) {
      if (h < b) {
        this.add('SG007', `lowers the upload limit from ${b} to ${h} bytes (${KEY}): larger files now get 413`, hAt);
      } else {
        this.add('SG052', `raises the upload limit from ${b} to ${h} bytes (${KEY})`, hAt);
      }
    } else if (h === undefined) {
      this.add(
        'SG040',
        `no longer states its upload limit (${KEY} was ${String(b)}): the SDK, the sandbox and the contract tests read it, and nothing says what the API now accepts`,
        bAt,
        'base',
      );
    } else {
      this.add('SG040', `${KEY} changed from ${String(b)} to ${String(h)}, which is not a number of bytes`, hAt);
    }
  }

  private add(rule: string, message: string, segments: string[], side: 'base' | 'head' = 'head'): void {
    const draft: Draft = { rule, message, operation: this.h.key, segments, side, engine: 'policy' };
    if (isFreePath(this.h.name)) draft.free = true;
    this.out.push(draft);
  }
}
