import type { SpecOperation } from '../spec/operations.js';
import type { FetchLike } from './recorder.js';

/** What a check sends: every part explicit, so checks control the exact bytes where it matters (replays, uploads). */
export interface CallOptions {
  /** Path parameters by their spec name (`slug`, `spvSlug`, ...). */
  params?: Record<string, string>;
  query?: Record<string, string | number | undefined>;
  headers?: Record<string, string>;
  /** A JSON body, serialised once; the same object gives the same bytes. */
  json?: unknown;
  /** Exact body bytes or text (set the content type in `headers`). */
  raw?: string | Uint8Array;
  /** An `application/x-www-form-urlencoded` body. */
  form?: Record<string, string>;
  multipart?: FormData;
  /** `true` (default): the run's bearer token; a string: that token; `false`: no Authorization header. */
  auth?: boolean | string;
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  bytes: Uint8Array;
  text: string;
  /** The parsed body when it is JSON, otherwise `undefined`. */
  json: any;
}

export interface ApiCaller {
  call(operationId: string, options?: CallOptions): Promise<ApiResponse>;
}

/** Builds requests from the spec's operations, so a check names an operationId and never restates a path. */
export function createApiCaller(input: {
  baseUrl: string;
  operations: Map<string, SpecOperation>;
  fetch: FetchLike;
  token: () => Promise<string>;
}): ApiCaller {
  const base = input.baseUrl.replace(/\/+$/, '');
  return {
    async call(operationId, options = {}) {
      const operation = input.operations.get(operationId);
      if (!operation) throw new Error(`The spec has no operation ${operationId}`);
      const path = operation.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
        const value = options.params?.[name];
        if (value === undefined) throw new Error(`${operationId} needs path parameter ${name}`);
        return encodeURIComponent(value);
      });
      const url = new URL(base + path);
      for (const [key, value] of Object.entries(options.query ?? {})) {
        if (value !== undefined) url.searchParams.set(key, String(value));
      }
      const headers = new Headers({ accept: 'application/json', ...options.headers });
      const auth = options.auth ?? true;
      if (auth !== false) headers.set('authorization', `Bearer ${auth === true ? await input.token() : auth}`);
      let body: BodyInit | undefined;
      if (options.json !== undefined) {
        body = JSON.stringify(options.json);
        if (!headers.has('content-type')) headers.set('content-type', 'application/json');
      } else if (options.raw !== undefined) {
        body = options.raw as BodyInit;
      } else if (options.form) {
        body = new URLSearchParams(options.form);
      } else if (options.multipart) {
        body = options.multipart;
      }
      const response = await input.fetch(url, { method: operation.method, headers, body });
      const bytes = new Uint8Array(await response.arrayBuffer());
      const text = new TextDecoder().decode(bytes);
      let json: unknown;
      if ((response.headers.get('content-type') ?? '').includes('json') && text.length > 0) {
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
      }
      return { status: response.status, headers: response.headers, bytes, text, json };
    },
  };
}
