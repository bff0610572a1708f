import { badRequest } from './errors.js';

/**
 * The deepest nesting of objects and arrays a JSON body may have (the body itself is level 1). The deepest body the
 * spec describes today is an SPV request's contract attributes, about 5 levels (`attributes.shareClasses[0].setupFee`);
 * 32 leaves room for any contract template while keeping every recursive step that later walks a body (canonical-JSON
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
 * One pass over the raw bytes of a JSON text, before it is parsed: refuses nesting deeper than `maxDepth`, an array of
 * more than `maxItems` items, and an object that names the same key twice (`JSON.parse` silently keeps the last one,
 * so two readers of one body could disagree about its meaning). Strings are skipped as a whole, escapes included, so brackets and quotes inside them
 * do not count. Malformed JSON is left for `JSON.parse` to report.
 */
export function checkJsonShape(bytes: Buffer, maxDepth = MAX_JSON_DEPTH, maxItems = MAX_JSON_ARRAY_ITEMS): void {
  // One entry per open container: the keys seen so far for an object, the commas seen so far for an array.
  const stack: (Set<string> | number)[] = [];
  let expectKey = false;
  const length = bytes.length;
  for (let i = 0; i < length; i++) {
    const c = bytes[i]!;
    if (c === QUOTE) {
      let j = i + 1;
      let escaped = false;
      while (j < length) {
        const b = bytes[j]!;
        if (b === BACKSLASH) {
          escaped = true;
          j += 2;
        } else if (b === QUOTE) {
          break;
        } else {
          j++;
        }
      }
      const keys = stack.length > 0 ? stack[stack.length - 1] : undefined;
      if (expectKey && keys instanceof Set && j < length) {
        const key = escaped ? decodeKey(bytes, i, j) : bytes.toString('utf8', i + 1, j);
        if (key !== undefined) {
          if (keys.has(key)) throw badRequest(`The body is not acceptable JSON: an object names the key ${JSON.stringify(key)} twice.`);
          keys.add(key);
        }
        expectKey = false;
      }
      i = j;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (stack.length >= maxDepth) {
        throw badRequest(`The body is nested more than ${maxDepth} levels deep; that is the most this API accepts.`);
      }
      stack.push(c === 0x7b ? new Set() : 0);
      expectKey = c === 0x7b;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop();
      expectKey = false;
    } else if (c === 0x2c /* , */) {
      const top = stack.length > 0 ? stack[stack.length - 1] : undefined;
      expectKey = top instanceof Set;
      if (typeof top === 'number') {
        if (top + 1 >= maxItems) throw badRequest(`The body has an array of more than ${maxItems.toLocaleString('en-US')} items; that is the most this API accepts.`);
        stack[stack.length - 1] = top + 1;
      }
    } else if (c === 0x3a /* : */) {
      expectKey = false;
    }
  }
}

function decodeKey(bytes: Buffer, start: number, end: number): string | undefined {
  try {
    return JSON.parse(bytes.toString('utf8', start, end + 1)) as string;
  } catch {
    return undefined; // a broken escape: JSON.parse of the whole body reports it
  }
}
