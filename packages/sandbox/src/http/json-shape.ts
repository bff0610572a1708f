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

/** What `parsedShape` measures of a parsed JSON value. */
export interface ParsedShape {
  /** The object members in it, all objects counted. */
  members: number;
  /**
   * The length of its JSON text written without whitespace or escapes, or -1 where the value cannot tell: it holds a
   * number (`1e2`, `100.0` and `100` parse alike). See `textIsCompactSpelling`.
   */
  compactLength: number;
}

/**
 * The parsed value's side of the shape check: refuses nesting deeper than `maxDepth` and an array of more than
 * `maxItems` items (the same limits `checkJsonShape` applies to the bytes), and measures its members and compact
 * length. Recursive, but never deeper than `maxDepth + 1` calls whatever the value: it stops at the first level too
 * deep.
 */
export function parsedShape(value: unknown, maxDepth = MAX_JSON_DEPTH, maxItems = MAX_JSON_ARRAY_ITEMS): ParsedShape {
  // Nothing in the sandbox adds enumerable members to Object.prototype; should a dependency ever do so, this fails
  // the request loudly (a 500) rather than let `containerChars` count them.
  for (const inherited in EMPTY) throw new Error(`Object.prototype has an enumerable member (${inherited})`);
  walk = { members: 0, numbers: false, maxDepth, maxItems };
  const chars = valueChars(value, 0);
  return { members: walk.members, compactLength: walk.numbers ? -1 : chars };
}

const EMPTY = {};

/** The `parsedShape` in progress (one at a time: it is synchronous): its limits, and what it counted on the way. */
let walk = { members: 0, numbers: false, maxDepth: 0, maxItems: 0 };

/** One JSON value at `depth` (the body itself is 0): its compact length (0 for a number, which only sets a flag). */
function valueChars(value: unknown, depth: number): number {
  if (typeof value === 'string') return value.length + 2;
  if (value !== null && typeof value === 'object') return containerChars(value, depth + 1);
  if (typeof value === 'number') {
    walk.numbers = true;
    return 0;
  }
  return value === false ? 5 : 4; // true, null
}

/**
 * An object or array: `{` `}` or `[` `]`, a comma between neighbours, and for each member its key between quotes and a
 * colon. `for...in` without an own-property check, three times faster than `Object.hasOwn` per key on a 100-row body:
 * a parsed object's keys are all its own, and `parsedShape` makes sure first that a plain object inherits no
 * enumerable member (one would be counted here, and could make up for a member dropped for a repeated key).
 */
function containerChars(value: object, depth: number): number {
  if (depth > walk.maxDepth) throw deepError(walk.maxDepth);
  let n = 0;
  let chars = 0;
  if (Array.isArray(value)) {
    n = value.length;
    if (n > walk.maxItems) throw longError(walk.maxItems);
    for (let i = 0; i < n; i++) chars += valueChars(value[i], depth);
  } else {
    for (const key in value) {
      n++;
      chars += key.length + 3 + valueChars((value as Record<string, unknown>)[key], depth);
    }
    walk.members += n;
  }
  return chars + (n > 0 ? n + 1 : 2);
}

/**
 * Whether a JSON text that `JSON.parse` accepted is exactly as long as the compact spelling of the value it parsed to,
 * which proves that no object in it named a key twice, with no search of the text at all. Sound: each member and
 * item of the parsed value accounts for its own characters of the text, and the text's spelling of a string is
 * never shorter than the string (an escape is longer than the character it stands for); numbers, whose spelling
 * the value does not keep (`1e21` is shorter than `1e+21`), make `compactLength` -1. What else the text holds is
 * whitespace and the members `JSON.parse` dropped for a repeated key (it keeps the last), each a key, a colon, a
 * value and a comma; equal lengths leave room for none of it. A partner's compact, number-free body (a bulk create,
 * as any JSON library writes it) takes this path.
 */
export function textIsCompactSpelling(text: string, shape: ParsedShape): boolean {
  return shape.compactLength === text.length;
}

/**
 * Whether a JSON text that `JSON.parse` accepted has exactly `members` object members, decided by counting its colons
 * instead of scanning it byte by byte; false means "cannot tell this way" (then `checkJsonShape` counts them). Sound
 * because every colon in a JSON text either ends a member's key or sits inside a string, so the text's colons are
 * never fewer than its members, and `JSON.parse` keeps one member per key, so the parsed value's members are never
 * more: equal counts leave no room for a duplicated key. For bodies `textIsCompactSpelling` cannot vouch for; only
 * those with colons inside strings (times, URLs) as well are counted the slow way.
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
