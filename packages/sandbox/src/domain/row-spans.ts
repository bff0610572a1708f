// Where each row of a bulk create's `investors` array sits in the JSON bytes a batch of people keeps, so that one
// person can be read without parsing the whole body (`people.ts`). The bytes were parsed by JSON.parse before they
// were kept, so they are valid JSON and the scan need not check anything.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

const isSpace = (byte: number | undefined) => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;

function skipSpace(bytes: Buffer, at: number): number {
  while (isSpace(bytes[at])) at += 1;
  return at;
}

/** The index after the string whose opening quote is at `at` (a quote preceded by an odd run of backslashes is text). */
function skipString(bytes: Buffer, at: number): number {
  for (let from = at + 1; ; ) {
    const quote = bytes.indexOf(QUOTE, from);
    if (quote < 0) throw new SyntaxError('unterminated string in a kept body');
    let slash = quote - 1;
    while (bytes[slash] === BACKSLASH) slash -= 1;
    if ((quote - 1 - slash) % 2 === 0) return quote + 1;
    from = quote + 1;
  }
}

/** The index after the JSON value that starts at `at`. */
function skipValue(bytes: Buffer, at: number): number {
  const first = bytes[at];
  if (first === QUOTE) return skipString(bytes, at);
  if (first === OPEN_OBJECT || first === OPEN_ARRAY) {
    let depth = 0;
    for (let i = at; i < bytes.length; ) {
      const byte = bytes[i]!;
      if (byte === QUOTE) {
        i = skipString(bytes, i);
        continue;
      }
      if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) depth += 1;
      else if ((byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) && --depth === 0) return i + 1;
      i += 1;
    }
    throw new SyntaxError('unterminated value in a kept body');
  }
  let i = at;
  while (
    i < bytes.length &&
    !isSpace(bytes[i]) &&
    bytes[i] !== COMMA &&
    bytes[i] !== CLOSE_OBJECT &&
    bytes[i] !== CLOSE_ARRAY
  )
    i += 1;
  return i;
}

/** A member name as JSON.parse reads it (escapes decoded only when there are any). */
function memberName(bytes: Buffer, start: number, end: number): string {
  const raw = bytes.toString('utf8', start + 1, end - 1);
  return raw.includes('\\') ? (JSON.parse(bytes.toString('utf8', start, end)) as string) : raw;
}

/** `[start, end, start, end, ...]` of each element of the body's `investors` array, in bytes. */
export function rowSpans(bytes: Buffer): Uint32Array {
  let at = skipSpace(bytes, 0) + 1; // the opening brace
  for (;;) {
    at = skipSpace(bytes, at);
    if (bytes[at] !== QUOTE) throw new SyntaxError('a kept body without an investors array');
    const nameEnd = skipString(bytes, at);
    const name = memberName(bytes, at, nameEnd);
    at = skipSpace(bytes, skipSpace(bytes, nameEnd) + 1); // past the colon
    if (name === 'investors') return elementSpans(bytes, at);
    at = skipSpace(bytes, skipValue(bytes, at));
    if (bytes[at] === COMMA) at += 1;
  }
}

function elementSpans(bytes: Buffer, at: number): Uint32Array {
  const spans: number[] = [];
  at = skipSpace(bytes, at + 1); // past the bracket
  while (bytes[at] !== CLOSE_ARRAY) {
    const end = skipValue(bytes, at);
    spans.push(at, end);
    at = skipSpace(bytes, end);
    if (bytes[at] === COMMA) at = skipSpace(bytes, at + 1);
  }
  return Uint32Array.from(spans);
}
