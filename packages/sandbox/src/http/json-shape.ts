import { badRequest } from './errors.js';

/**
 * The deepest nesting of objects and arrays a JSON body may have (the body itself is level 1). The deepest legitimate
 * body today is an SPV request whose contract attributes carry a share class fee (`attributes.shareClasses[0].setupFee`,
 * 5 levels); 32 leaves room for any contract template while keeping every recursive step that later walks a body (canonical-JSON
 * hashing for idempotency, validation, serialisation) far from the stack limit. Checked on the raw bytes, before
 * anything parses or walks the body, on every route (admin included).
 */
export const MAX_JSON_DEPTH = 32;

/**
 * The most items one JSON array may hold. No batch size is published for the bulk operations; the cap exists because
 * validating an array whose items all fail costs time quadratic in its length (ajv concatenates each failing item's
 * errors), so 100,000 tiny bad rows (200 KB) took a minute of CPU. 10,000 rows is far more than any bulk call needs.
 */
export const MAX_JSON_ARRAY_ITEMS = 10_000;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * One pass over the raw bytes of a JSON text, before it is parsed: refuses nesting deeper than `maxDepth` and an array
 * of more than `maxItems` items. Strings are skipped as a whole, escapes included, so brackets inside them do not
 * count. Malformed JSON is left for `JSON.parse` to report. Returns the number of object members in the text, which
 * `checkNoDuplicateKeys` compares with the parsed value.
 */
export function checkJsonShape(bytes: Uint8Array, maxDepth = MAX_JSON_DEPTH, maxItems = MAX_JSON_ARRAY_ITEMS): number {
  // One entry per open container: -1 for an object, the commas seen so far for an array.
  const stack: number[] = [];
  let members = 0;
  const length = bytes.length;
  for (let i = 0; i < length; i++) {
    const c = bytes[i]!;
    if (c === QUOTE) {
      // Skip the string; a backslash escapes the next byte, whatever it is.
      let j = i + 1;
      for (; j < length; j++) {
        const b = bytes[j]!;
        if (b === QUOTE) break;
        if (b === BACKSLASH) j++;
      }
      i = j;
    } else if (c === 0x3a /* : */) {
      members++;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (stack.length >= maxDepth) {
        throw badRequest(`The body is nested more than ${maxDepth} levels deep; that is the most this API accepts.`);
      }
      stack.push(c === 0x7b ? -1 : 0);
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop();
    } else if (c === 0x2c /* , */ && stack.length > 0) {
      const commas = stack[stack.length - 1]!;
      if (commas >= 0) {
        if (commas + 1 >= maxItems)
          throw badRequest(
            `The body has an array of more than ${maxItems.toLocaleString('en-US')} items; that is the most this API accepts.`,
          );
        stack[stack.length - 1] = commas + 1;
      }
    }
  }
  return members;
}

/**
 * Refuses a parsed body in which some object named a key twice: `JSON.parse` silently keeps the last one (so two
 * readers of one body could disagree about its meaning), which shows as fewer own keys in the value than members
 * in the text. Walks the value recursively, which is safe because `checkJsonShape` bounded its depth.
 */
export function checkNoDuplicateKeys(value: unknown, membersInText: number): void {
  const members = value !== null && typeof value === 'object' ? countMembers(value) : 0;
  if (members !== membersInText)
    throw badRequest('The body is not acceptable JSON: an object names the same key twice.');
}

/**
 * Members of every object in a parsed JSON value. `for...in` without an own-property check: a parsed object's keys
 * are all its own, and nothing in this process makes `Object.prototype` members enumerable (if something did, the
 * count would come out higher and bodies would be refused, never wrongly accepted). Three times faster than
 * `Object.hasOwn` per key on a 100-row body.
 */
function countMembers(value: object): number {
  let n = 0;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (item !== null && typeof item === 'object') n += countMembers(item);
    }
    return n;
  }
  for (const key in value) {
    n++;
    const member: unknown = (value as Record<string, unknown>)[key];
    if (member !== null && typeof member === 'object') n += countMembers(member);
  }
  return n;
}
