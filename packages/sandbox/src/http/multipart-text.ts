/**
 * The bytes a multipart body's text parts were sent as, read beside busboy from the same stream.
 *
 * The sandbox reads every text part as UTF-8 bytes, strictly (see `fieldReader`). busboy hands text parts over as
 * strings: decoded as latin1 (one character per byte, so the bytes can be recovered) unless the part's own
 * Content-Type names a charset, which busboy then decodes by, without saying so (its field info drops the parameter).
 * A part sent as `text/plain; charset=UTF-8` (what Spring's multipart writer and other Java clients put on every text
 * part) therefore came out wrong: `Ł` was stored as `A`, `😀` as `=\0`, and `é` was refused as "not valid UTF-8".
 *
 * This scanner frames the body exactly as busboy does (parts are delimited by CRLF `--boundary`, the body read as if
 * it began with CRLF; `--` after a delimiter ends the body, CRLF starts a part's header block, which runs to an empty
 * line, and anything else belongs to no part) and keeps, for the last text part of each name (the value the reader
 * keeps) when its Content-Type names a charset, the bytes between its header block and the next delimiter. Parts
 * without a charset need nothing from it: busboy's latin1 string is their bytes.
 */

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');
const EMPTY = Buffer.alloc(0);
/** busboy refuses a part header block larger than this; past it the scanner stops (the request fails anyway). */
const MAX_HEADER_BYTES = 16 * 1024;

interface Part {
  chunks: Buffer[];
  size: number;
}

type State = 'body' | 'delimiter' | 'headers' | 'done';

/** `form-data; name="a"; filename="b"` -> the lower-cased value before the first `;` and the parameters. */
export function parseHeaderParams(value: string): { type: string; params: Map<string, string> } {
  const semicolon = value.indexOf(';');
  const type = (semicolon === -1 ? value : value.slice(0, semicolon)).trim().toLowerCase();
  const params = new Map<string, string>();
  for (const match of value.matchAll(/;\s*([^\s=;]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]*))/g)) {
    const key = match[1]!.toLowerCase();
    if (!params.has(key)) params.set(key, match[2] !== undefined ? match[2].replace(/\\(.)/g, '$1') : match[3]!);
  }
  return { type, params };
}

/** A part's header block -> its name and charset (if any) when busboy reads it as a text field; else undefined. */
function textPart(block: string): { name: string; charset: string | undefined } | undefined {
  const headers = new Map<string, string>();
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim().toLowerCase();
    if (colon > 0 && !headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
  }
  const disposition = parseHeaderParams(headers.get('content-disposition') ?? '');
  const name = disposition.params.get('name');
  if (disposition.type !== 'form-data' || !name) return undefined;
  const contentType = parseHeaderParams(headers.get('content-type') ?? '');
  // busboy's rule: a filename, or the type application/octet-stream, makes the part a file.
  const file =
    Boolean(disposition.params.get('filename*') || disposition.params.get('filename')) ||
    contentType.type === 'application/octet-stream';
  return file ? undefined : { name, charset: contentType.params.get('charset') };
}

export class MultipartTextScanner {
  private readonly delimiter: Buffer;
  private pending: Buffer = CRLF;
  private state: State = 'body';
  /** The part whose body is being kept; undefined in the preamble and for parts nothing is kept of. */
  private part: Part | undefined;
  /** By name, the last text part of that name (the value the field reader keeps): its bytes, or null without a charset. */
  private readonly latest = new Map<string, Part | null>();

  /**
   * `maxBytes`: the most of one part kept (the field size limit: a longer field fails anyway); `maxParts`: the most
   * parts remembered (the parts limit: a body with more fails anyway), so what is kept stays small whatever is sent.
   */
  constructor(
    boundary: string,
    private readonly maxBytes: number,
    private readonly maxParts: number,
  ) {
    this.delimiter = Buffer.from(`\r\n--${boundary}`, 'latin1');
  }

  /** The multipart boundary of a request's Content-Type, as busboy reads it; undefined when there is none. */
  static boundaryOf(contentType: string | undefined): string | undefined {
    const boundary = parseHeaderParams(contentType ?? '').params.get('boundary');
    return boundary ? boundary : undefined;
  }

  /** Feeds the next chunk of the body; call it for every chunk, in order, before busboy sees that chunk. */
  push(chunk: Buffer): void {
    const buffer = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = EMPTY;
    let at = 0;
    while (at >= 0 && at < buffer.length && this.state !== 'done') {
      if (this.state === 'body') at = this.body(buffer, at);
      else if (this.state === 'delimiter') at = this.afterDelimiter(buffer, at);
      else at = this.headers(buffer, at);
    }
  }

  /** The bytes of the last text part named `name`, if it named a charset (else busboy's string is the bytes). */
  bytesOf(name: string): Buffer | undefined {
    const part = this.latest.get(name);
    return part ? Buffer.concat(part.chunks) : undefined;
  }

  /** Keeps `pending` for the next chunk and returns -1 (wait for more bytes). */
  private wait(buffer: Buffer, from: number): number {
    this.pending = Buffer.from(buffer.subarray(from));
    return -1;
  }

  private body(buffer: Buffer, at: number): number {
    const found = buffer.indexOf(this.delimiter, at);
    if (found === -1) {
      // The last bytes may be the start of a delimiter: they are judged with the next chunk.
      const safe = Math.max(at, buffer.length - (this.delimiter.length - 1));
      this.keep(buffer, at, safe);
      return this.wait(buffer, safe);
    }
    this.keep(buffer, at, found);
    this.part = undefined;
    this.state = 'delimiter';
    return found + this.delimiter.length;
  }

  private afterDelimiter(buffer: Buffer, at: number): number {
    if (buffer.length - at < 2) return this.wait(buffer, at);
    if (buffer[at] === 0x2d && buffer[at + 1] === 0x2d) {
      this.state = 'done';
      return buffer.length;
    }
    // CRLF starts a header block (searched from that CRLF, so an empty block is CRLF CRLF); anything else is no part.
    this.state = buffer[at] === 0x0d && buffer[at + 1] === 0x0a ? 'headers' : 'body';
    return at;
  }

  private headers(buffer: Buffer, at: number): number {
    const end = buffer.indexOf(HEADER_END, at);
    if (end === -1) {
      if (buffer.length - at > MAX_HEADER_BYTES + HEADER_END.length) this.state = 'done';
      return this.state === 'done' ? buffer.length : this.wait(buffer, at);
    }
    const text = textPart(buffer.toString('latin1', at + 2, Math.max(at + 2, end)));
    if (text && (this.latest.has(text.name) || this.latest.size < this.maxParts)) {
      this.part = text.charset === undefined ? undefined : { chunks: [], size: 0 };
      this.latest.set(text.name, this.part ?? null);
    }
    this.state = 'body';
    return end + HEADER_END.length;
  }

  private keep(buffer: Buffer, from: number, to: number): void {
    const part = this.part;
    if (!part || to <= from || part.size > this.maxBytes) return;
    const slice = buffer.subarray(from, Math.min(to, from + this.maxBytes + 1 - part.size));
    part.chunks.push(Buffer.from(slice));
    part.size += slice.length;
  }
}
