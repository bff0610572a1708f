import { HTTP_METHODS, pathTemplate, resolve, type Doc } from './document.js';
import { isRecord } from './pointer.js';

export interface Operation {
  /** `GET /v1/spv-requests`, or `webhook spv_request.created` (any method: webhooks have one). */
  key: string;
  kind: 'path' | 'webhook';
  /** The path, or the webhook's event name. */
  name: string;
  method: string;
  node: Record<string, unknown>;
  segments: string[];
  /** Parameters declared on the path item, shared by its operations. */
  pathParameters: unknown[];
  pathParameterSegments: string[];
}

export function operationKey(kind: 'path' | 'webhook', name: string, method: string): string {
  return kind === 'webhook' ? `webhook ${name}` : `${method.toUpperCase()} ${name}`;
}

/** Every operation of a document: under `paths` and, separately, under `webhooks`. */
export function listOperations(doc: Doc, kind: 'path' | 'webhook'): Operation[] {
  const section = kind === 'path' ? doc.paths : doc.webhooks;
  if (!isRecord(section)) return [];
  const out: Operation[] = [];
  for (const [name, raw] of Object.entries(section)) {
    const item = resolve(doc, raw, [kind === 'path' ? 'paths' : 'webhooks', name]);
    if (!isRecord(item.node)) continue;
    const pathItem = item.node;
    const pathParameters = Array.isArray(pathItem.parameters) ? pathItem.parameters : [];
    for (const method of HTTP_METHODS) {
      const op = pathItem[method];
      if (!isRecord(op)) continue;
      out.push({
        key: operationKey(kind, name, method),
        kind,
        name,
        method,
        node: op,
        segments: [...item.segments, method],
        pathParameters,
        pathParameterSegments: [...item.segments, 'parameters'],
      });
    }
  }
  return out;
}

/** Base path -> head path, matching paths that differ only in the names of their parameters. */
export function matchPaths(base: Doc, head: Doc): Map<string, string> {
  const headByTemplate = new Map<string, string>();
  for (const path of Object.keys(isRecord(head.paths) ? head.paths : {})) {
    const template = pathTemplate(path);
    if (!headByTemplate.has(template)) headByTemplate.set(template, path);
  }
  const out = new Map<string, string>();
  const headPaths = isRecord(head.paths) ? head.paths : {};
  for (const path of Object.keys(isRecord(base.paths) ? base.paths : {})) {
    if (path in headPaths) out.set(path, path);
    else {
      const match = headByTemplate.get(pathTemplate(path));
      if (match) out.set(path, match);
    }
  }
  return out;
}
