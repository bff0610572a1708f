import { badRequest } from './errors.js';

/**
 * The deepest nesting of objects and arrays a JSON body may have (the body itself is level 1). The deepest legitimate
 * body today is an SPV request whose contract attributes carry a share class fee (`attributes.shareClasses[0].setupFee`,
 * 5 levels); 32 leaves room for any contract template while keeping every recursive step that later walks a body (canonical-JSON
 * hashing for idempotency, validation, serialisation) far from the stack limit. Checked on every route (admin
 * included) before anything else walks the body: on the raw bytes of a large body, on the parsed value of a small
 * one (`PARSE_FIRST_BYTES`).
 */
export const MAX_JSON_DEPTH = 32;

/**
 * The most items one JSON array may hold. No batch size is published for the bulk operations; the cap exists because
 * validating an array whose items all fail costs time quadratic in its length (ajv concatenates each failing item's
 * errors), so 100,000 tiny bad rows (200 KB) took a minute of CPU. 10,000 rows is far more than any bulk call needs.
 */
export const MAX_JSON_ARRAY_ITEMS = 10_000;

const deepError = (maxDepth: number) =>
  badRequest(`The body is nested more than ${maxDepth} levels deep; that is the most this API accepts.`);
const longError = (maxItems: number) =>
  badRequest(
    `The body has an array of more than ${maxItems.toLocaleString('en-US')} items; that is the most this API accepts.`,
  );

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
      if (stack.length >= maxDepth) throw deepError(maxDepth);
      stack.push(c === 0x7b ? -1 : 0);
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop();
    } else if (c === 0x2c /* , */ && stack.length > 0) {
      const commas = stack[stack.length - 1]!;
      if (commas >= 0) {
        if (commas + 1 >= maxItems) throw longError(maxItems);
        stack[stack.length - 1] = commas + 1;
      }
    }
  }
  return members;
}

/**
 * Bodies up to this size are parsed first and their shape is checked on the parsed value; larger ones are scanned
 * byte by byte before `JSON.parse` sees them. The order matters only for hostile bodies: 5 MiB of `[[[[` costs
 * `JSON.parse` half a second and 200 MB before anything could refuse it, while 64 KiB of it costs a few milliseconds.
 * Every body a partner sends in practice (a 100-row bulk create is 16 KB) takes the cheaper path.
 */
export const PARSE_FIRST_BYTES = 64 * 1024;

/**
 * The parsed value's side of the shape check: refuses nesting deeper than `maxDepth` and an array of more than
 * `maxItems` items (the same limits `checkJsonShape` applies to the bytes), and returns the number of object members.
 * Recursive, but never deeper than `maxDepth + 1` calls whatever the value: it stops at the first level too deep.
 */
export function parsedShape(value: unknown, maxDepth = MAX_JSON_DEPTH, maxItems = MAX_JSON_ARRAY_ITEMS): number {
  return value !== null && typeof value === 'object' ? countMembers(value, 1, maxDepth, maxItems) : 0;
}

/**
 * Members of every object in a parsed JSON value. `for...in` without an own-property check: a parsed object's keys
 * are all its own, and nothing in this process makes `Object.prototype` members enumerable (if something did, the
 * count would come out higher and bodies would be refused, never wrongly accepted). Three times faster than
 * `Object.hasOwn` per key on a 100-row body.
 */
function countMembers(value: object, depth: number, maxDepth: number, maxItems: number): number {
  if (depth > maxDepth) throw deepError(maxDepth);
  let n = 0;
  if (Array.isArray(value)) {
    if (value.length > maxItems) throw longError(maxItems);
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (item !== null && typeof item === 'object') n += countMembers(item, depth + 1, maxDepth, maxItems);
    }
    return n;
  }
  for (const key in value) {
    n++;
    const member: unknown = (value as Record<string, unknown>)[key];
    if (member !== null && typeof member === 'object') n += countMembers(member, depth + 1, maxDepth, maxItems);
  }
  return n;
}

/**
 * Whether a JSON text that `JSON.parse` accepted has exactly `members` object members, decided by counting its colons
 * instead of scanning it byte by byte; false means "cannot tell this way" (then `checkJsonShape` counts them). Sound
 * because every colon in a JSON text either ends a member's key or sits inside a string, so the text's colons are
 * never fewer than its members, and `JSON.parse` keeps one member per key, so the parsed value's members are never
 * more: equal counts leave no room for a duplicated key. Only bodies with colons inside strings (times, URLs) are
 * counted the slow way.
 */
export function membersMatchText(text: string, members: number): boolean {
  let colons = 0;
  for (let at = text.indexOf(':'); at >= 0; at = text.indexOf(':', at + 1)) colons++;
  return colons === members;
}

/**
 * Refuses a parsed body in which some object named a key twice: `JSON.parse` silently keeps the last one (so two
 * readers of one body could disagree about its meaning), which shows as fewer own keys in the value than members
 * in the text (`membersInText`, from `checkJsonShape`).
 */
export function checkNoDuplicateKeys(members: number, membersInText: number): void {
  if (members !== membersInText)
    throw badRequest('The body is not acceptable JSON: an object names the same key twice.');
}

/** A lone UTF-16 surrogate: `\p{Cs}` in a `u` regex matches only a surrogate that is not half of a pair. */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Refuses a parsed body holding a string (or key) with a lone UTF-16 surrogate, sent as an escape like `\ud800`
 * without its other half. Such a string is valid JSON syntax but not Unicode text: it cannot be stored as UTF-8 (the
 * live service's database refuses it), and it would reach the answer and the webhook payloads as it came. Only escapes
 * can produce one (strict UTF-8 decoding refuses encoded surrogates), so a text without `\u` is never walked.
 */
export function checkWellFormedStrings(text: string, value: unknown): void {
  if (text.indexOf('\\u') === -1) return;
  const at = loneSurrogateAt(value, '');
  if (at !== undefined)
    throw badRequest(
      `The body is not acceptable JSON: ${at ? `the string at ${at}` : 'a string'} holds a lone UTF-16 surrogate (an escape like \\ud800 without its pair), which is not Unicode text.`,
    );
}

/** Where in a parsed value a string or key holds a lone surrogate (`a.b[0]`; '' for the value itself), if anywhere. */
function loneSurrogateAt(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return LONE_SURROGATE.test(value) ? path : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = loneSurrogateAt(value[i], `${path}[${i}]`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  for (const [key, member] of Object.entries(value)) {
    const here = path ? `${path}.${key}` : key;
    if (LONE_SURROGATE.test(key)) return here;
    const found = loneSurrogateAt(member, here);
    if (found !== undefined) return found;
  }
  return undefined;
}
