import { getAt, isObject } from '@zestequity/spec-model';
import { meaning } from '../canonical.js';
import { isEmptySchema } from '../canonical-rules.js';
import type { Doc } from '../document.js';

// An object's keys are judged by three keywords together: `properties` (by name), `patternProperties` (by pattern)
// and `additionalProperties` (every other key). A key that moves from one to another keeps its place on the wire but
// changes schema, so oasdiff's "property added" or "pattern property added" is not always a relaxation or a
// narrowing: a new property `n` of a map whose values were strings (`additionalProperties: {type: string}`) may now
// be sent, or must now be sent, as an integer. This reads such findings again against the schema that holds them.

/** How the keys a change is about were judged before it: what `additionalProperties` says of them. */
type Governed = 'closed' | 'open' | { schema: unknown };

function additional(holder: unknown): Governed {
  const value = isObject(holder) ? holder.additionalProperties : undefined;
  if (value === false) return 'closed';
  if (value === undefined || value === true || isEmptySchema(value)) return 'open';
  return { schema: value };
}

/** Whether a pattern of the holder's `patternProperties` matches a property name (so it was never "additional"). */
function patternMatches(holder: unknown, name: string): boolean {
  const patterns = isObject(holder) && isObject(holder.patternProperties) ? Object.keys(holder.patternProperties) : [];
  return patterns.some((pattern) => {
    try {
      return new RegExp(pattern, 'u').test(name);
    } catch {
      return false;
    }
  });
}

/** The schema holding a property or pattern property, and the name or pattern, from the finding's place. */
function placeOf(segments: string[]): { holder: string[]; keyword: string; key: string } | undefined {
  for (let i = segments.length - 2; i >= 0; i--) {
    const keyword = segments[i];
    if (keyword === 'properties' || keyword === 'patternProperties')
      return { holder: segments.slice(0, i), keyword, key: segments[i + 1] as string };
  }
  return undefined;
}

/**
 * The rule for an oasdiff finding about a key of an object, read against `additionalProperties`; `rule` when the
 * finding is not of that kind or its reading stands.
 */
export function openMapRule(
  id: string,
  rule: string,
  place: { segments: string[] | undefined; side: 'base' | 'head' },
  base: Doc,
  head: Doc,
): string {
  const at = place.segments ? placeOf(place.segments) : undefined;
  if (!at) return rule;
  const doc = place.side === 'head' ? head : base;
  const holder = getAt(head, at.holder) ?? getAt(base, at.holder);
  const schema = getAt(doc, [...at.holder, at.keyword, at.key]);
  const governed = additional(holder);
  const differs = typeof governed === 'object' && meaning(governed.schema) !== meaning(schema);
  // A declared property taking over keys `additionalProperties` described with another schema.
  if (/^(response-(optional|required)-property-added|new-optional-request-property)$/.test(id)) {
    if (at.keyword !== 'properties' || !differs || patternMatches(holder, at.key)) return rule;
    return id.startsWith('response-') ? 'SG012' : 'SG007';
  }
  const pattern = /^(request|response)-(body|property)-pattern-property-(added|removed)$/.exec(id);
  if (!pattern || at.keyword !== 'patternProperties') return rule;
  const [, direction, , change] = pattern;
  if (governed === 'open') return rule;
  if (direction === 'response') {
    // Added: keys a closed object never sent may now come (like new properties); keys of a typed map change schema.
    if (change === 'added') return differs ? 'SG012' : 'SG054';
    return governed === 'closed' ? 'SG054' : rule;
  }
  // Request. Added beside a closed object: keys it refused are now accepted. Removed: those keys fall back to
  // `additionalProperties`, which refuses them (closed) or judges them by another schema.
  if (change === 'added') return governed === 'closed' ? 'SG052' : rule;
  return governed === 'closed' || differs ? 'SG007' : rule;
}
