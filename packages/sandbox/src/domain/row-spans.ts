// Where each row of a bulk create's `investors` array sits in the JSON text a batch of people keeps, so that one
// person can be read without parsing the whole body (`people.ts`). The text was parsed by JSON.parse before it was
// kept, so it is valid JSON and the scan need not check anything.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

const isSpace = (code: number) => code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;

function skipSpace(text: string, at: number): number {
  while (isSpace(text.charCodeAt(at))) at += 1;
  return at;
}

/** The index after the string whose opening quote is at `at` (a quote preceded by an odd run of backslashes is text). */
function skipString(text: string, at: number): number {
  for (let from = at + 1; ; ) {
    const quote = text.indexOf('"', from);
    if (quote < 0) throw new SyntaxError('unterminated string in a kept body');
    let slash = quote - 1;
    while (text.charCodeAt(slash) === BACKSLASH) slash -= 1;
    if ((quote - 1 - slash) % 2 === 0) return quote + 1;
    from = quote + 1;
  }
}

/** The index after the JSON value that starts at `at`. */
function skipValue(text: string, at: number): number {
  const first = text.charCodeAt(at);
  if (first === QUOTE) return skipString(text, at);
  if (first === OPEN_OBJECT || first === OPEN_ARRAY) {
    let depth = 0;
    for (let i = at; i < text.length; ) {
      const code = text.charCodeAt(i);
      if (code === QUOTE) {
        i = skipString(text, i);
        continue;
      }
      if (code === OPEN_OBJECT || code === OPEN_ARRAY) depth += 1;
      else if ((code === CLOSE_OBJECT || code === CLOSE_ARRAY) && --depth === 0) return i + 1;
      i += 1;
    }
    throw new SyntaxError('unterminated value in a kept body');
  }
  let i = at;
  for (let code = text.charCodeAt(i); i < text.length; code = text.charCodeAt(++i))
    if (isSpace(code) || code === COMMA || code === CLOSE_OBJECT || code === CLOSE_ARRAY) break;
  return i;
}

/** A member name as JSON.parse reads it (escapes decoded only when there are any). */
function memberName(text: string, start: number, end: number): string {
  const raw = text.slice(start + 1, end - 1);
  return raw.includes('\\') ? (JSON.parse(text.slice(start, end)) as string) : raw;
}

/** `[start, end, start, end, ...]` of each element of the body's `investors` array, in UTF-16 units. */
export function rowSpans(text: string): Uint32Array {
  let at = skipSpace(text, 0) + 1; // the opening brace
  for (;;) {
    at = skipSpace(text, at);
    if (text.charCodeAt(at) !== QUOTE) throw new SyntaxError('a kept body without an investors array');
    const nameEnd = skipString(text, at);
    const name = memberName(text, at, nameEnd);
    at = skipSpace(text, skipSpace(text, nameEnd) + 1); // past the colon
    if (name === 'investors') return elementSpans(text, at);
    at = skipSpace(text, skipValue(text, at));
    if (text.charCodeAt(at) === COMMA) at += 1;
  }
}

function elementSpans(text: string, at: number): Uint32Array {
  const spans: number[] = [];
  at = skipSpace(text, at + 1); // past the bracket
  while (text.charCodeAt(at) !== CLOSE_ARRAY) {
    const end = skipValue(text, at);
    spans.push(at, end);
    at = skipSpace(text, end);
    if (text.charCodeAt(at) === COMMA) at = skipSpace(text, at + 1);
  }
  return Uint32Array.from(spans);
}
