// curl commands built from an operation's own examples: path and query parameters from parameter examples, the body
// from the first request-body example, in the encoding the operation declares (JSON, form or multipart).

import { resolveRef } from '@zestequity/spec-model';
import { exampleRequest } from './example-request.mjs';

/** POSIX single-quoting: the only character needing care inside '...' is the quote itself. */
export function shellQuote(value) {
  const s = String(value);
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** File names for multipart parts: what a partner would plausibly upload for each operation. */
export function uploadFileName(operationId) {
  return /funding/i.test(operationId) ? 'wire-receipt.pdf' : 'signed-subscription-form.pdf';
}

const isFileProperty = (prop) => prop?.format === 'binary' || prop?.contentMediaType !== undefined;

/**
 * @param {object} doc bundled spec
 * @param {import('@zestequity/spec-model').Operation} op
 * @param {{baseUrl: string, tokenVariable?: string}} options
 */
export function curlSample(doc, op, { baseUrl, tokenVariable = 'ZEST_TOKEN' }) {
  const { node: operation, method } = op;
  const ex = exampleRequest(doc, op);
  const missing = [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).filter((n) => ex.path[n] === undefined);
  if (missing.length)
    throw new Error(`${operation.operationId}: no example for path parameter(s) ${missing.join(', ')}`);

  const query = new URLSearchParams(Object.entries(ex.query).map(([k, v]) => [k, String(v)])).toString();
  const path = op.path.replace(/\{([^}]+)\}/g, (_, name) => encodeURIComponent(String(ex.path[name])));
  const url = `${baseUrl.replace(/\/$/, '')}${path}${query ? `?${query}` : ''}`;
  const lines = [`curl -sS -X ${method.toUpperCase()} ${shellQuote(url)}`];
  // Only when every security requirement needs the token: an empty requirement makes it optional.
  if (op.auth === 'required') lines.push(`-H "Authorization: Bearer $${tokenVariable}"`);
  for (const [name, value] of Object.entries(ex.headers)) lines.push(`-H ${shellQuote(`${name}: ${value}`)}`);

  if (ex.mediaType) {
    const { mediaType, body } = ex;
    if (body === undefined) throw new Error(`${operation.operationId}: request body ${mediaType} has no example`);
    if (mediaType === 'application/json' || mediaType.endsWith('+json')) {
      lines.push(`-H 'Content-Type: ${mediaType}'`);
      lines.push(`--data ${shellQuote(JSON.stringify(body, null, 2))}`);
    } else if (mediaType === 'application/x-www-form-urlencoded') {
      for (const [k, v] of Object.entries(body)) lines.push(`--data-urlencode ${shellQuote(`${k}=${v}`)}`);
    } else if (mediaType === 'multipart/form-data') {
      const props = ex.bodySchema?.properties ?? {};
      const names = [...new Set([...Object.keys(body), ...Object.keys(props)])];
      for (const k of names) {
        const prop = resolveRef(doc, props[k]);
        if (isFileProperty(prop))
          lines.push(`-F ${shellQuote(`${k}=@${uploadFileName(operation.operationId)};type=application/pdf`)}`);
        else if (body[k] !== undefined) lines.push(`-F ${shellQuote(`${k}=${body[k]}`)}`);
      }
    } else {
      throw new Error(`${operation.operationId}: no curl rendering for ${mediaType}`);
    }
  }
  return lines.join(' \\\n  ');
}
