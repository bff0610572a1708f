import { request as httpRequest } from 'node:http';

/** One HTTP request as the bad-input generators describe it, before it is put on the wire. */
export type WireBody =
  | { kind: 'json'; value: unknown }
  | { kind: 'raw'; text: string | Uint8Array; contentType?: string }
  | { kind: 'form'; fields: Record<string, string> }
  | { kind: 'multipart'; fields: Record<string, string>; files: WireFile[] };

export interface WireFile {
  name: string;
  bytes: Uint8Array;
  type: string;
  filename: string;
}

export interface WireRequest {
  method: string;
  /** Path template from the spec, e.g. `/v1/spvs/{spvSlug}/subscriptions`. */
  path: string;
  /** Values for the template; percent-encoded when sent. */
  pathParams: Record<string, string>;
  /** Segments sent exactly as given (e.g. a lone `%`), for the parameters they name. */
  rawPathParams?: Record<string, string>;
  query: [string, string][];
  /** Header values; `authorization` among them when the request carries a token. */
  headers: Record<string, string>;
  body?: WireBody;
  /** A query string sent exactly as given (percent-escapes included), after `query`. */
  rawQuery?: string;
  /** Sent as the Host header instead of the address connected to (fetch cannot do this). */
  hostHeader?: string;
  /** Replaces the Content-Type the body would get; '' sends none at all. */
  contentTypeOverride?: string;
}

export interface WireAnswer {
  status: number;
  contentType: string;
  text: string;
  /** The parsed JSON body, or undefined when it is not JSON. */
  json: unknown;
}

export function urlOf(baseUrl: string, request: WireRequest): string {
  const path = request.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const raw = request.rawPathParams?.[name];
    if (raw !== undefined) return raw;
    const value = request.pathParams[name];
    if (value === undefined) throw new Error(`no value for path parameter ${name} of ${request.path}`);
    return encodeURIComponent(value);
  });
  const search = [
    ...request.query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`),
    ...(request.rawQuery ? [request.rawQuery] : []),
  ].join('&');
  return `${baseUrl}${path}${search ? `?${search}` : ''}`;
}

function encodeBody(body: WireBody | undefined, headers: Record<string, string>): BodyInit | undefined {
  if (!body) return undefined;
  switch (body.kind) {
    case 'json':
      headers['content-type'] ??= 'application/json';
      return JSON.stringify(body.value);
    case 'raw':
      if (body.contentType !== undefined) headers['content-type'] = body.contentType;
      return typeof body.text === 'string' ? body.text : new Blob([body.text as Uint8Array<ArrayBuffer>]);
    case 'form':
      headers['content-type'] ??= 'application/x-www-form-urlencoded';
      return new URLSearchParams(body.fields).toString();
    case 'multipart': {
      const form = new FormData();
      for (const [name, value] of Object.entries(body.fields)) form.append(name, value);
      for (const file of body.files)
        form.append(file.name, new Blob([file.bytes as Uint8Array<ArrayBuffer>], { type: file.type }), file.filename);
      return form;
    }
  }
}

/** Sends the request with a hard deadline, so a hang is a failure with a message rather than a stuck suite. */
export async function send(baseUrl: string, request: WireRequest, timeoutMs = 15_000): Promise<WireAnswer> {
  const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
  const body = encodeBody(request.body, headers);
  if (request.hostHeader !== undefined || request.contentTypeOverride !== undefined)
    return sendExactly(baseUrl, request, headers, body, timeoutMs);
  const response = await fetch(urlOf(baseUrl, request), {
    method: request.method,
    headers,
    ...(body === undefined ? {} : { body }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', text, json };
}

export function describeRequest(request: WireRequest): string {
  const body = request.body;
  let shown = '';
  if (body?.kind === 'json') shown = JSON.stringify(body.value) ?? 'undefined';
  else if (body?.kind === 'raw') shown = typeof body.text === 'string' ? body.text : `<${body.text.byteLength} bytes>`;
  else if (body?.kind === 'form') shown = new URLSearchParams(body.fields).toString();
  else if (body?.kind === 'multipart')
    shown = `fields ${JSON.stringify(body.fields)} files ${body.files.map((f) => `${f.name}:${f.type}:${f.bytes.byteLength}`).join(',')}`;
  if (shown.length > 300) shown = `${shown.slice(0, 300)}… (${shown.length} chars)`;
  return `${request.method} ${urlOf('', request).slice(0, 300)} ${shown}`;
}

/**
 * The same request through node:http, for what fetch will not send: a foreign Host header, or a body without the
 * Content-Type fetch would add. The body is encoded exactly as fetch would encode it (multipart boundary included).
 */
async function sendExactly(
  baseUrl: string,
  request: WireRequest,
  headers: Record<string, string>,
  body: BodyInit | undefined,
  timeoutMs: number,
): Promise<WireAnswer> {
  const url = new URL(urlOf(baseUrl, request));
  let bytes: Buffer | undefined;
  if (body !== undefined) {
    const encoded = new Request(url, { method: 'POST', headers, body });
    bytes = Buffer.from(await encoded.arrayBuffer());
    headers['content-type'] = encoded.headers.get('content-type') ?? '';
  }
  if (request.contentTypeOverride !== undefined) headers['content-type'] = request.contentTypeOverride;
  if (!headers['content-type']) delete headers['content-type'];
  if (request.hostHeader !== undefined) headers.host = request.hostHeader;
  if (bytes) headers['content-length'] = String(bytes.length);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method: request.method,
        path: `${url.pathname}${url.search}`,
        headers,
        agent: false,
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), text, json });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(bytes);
  });
}
