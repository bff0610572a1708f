import { isObject, type OperationLocation } from '@zestequity/spec-model';
import { type Doc, isFreePath } from '../document.js';
import type { Draft } from '../draft.js';
import { matchedOperations } from '../operations.js';

// Where partners send their requests. A server URL is a template (`https://{region}.api.example.com`); the URLs it
// stands for are the values its variables may take. A URL no longer offered breaks the partners configured with it
// (SG021), whether it left the document's `servers`, an operation's own `servers` (or its path's), or a variable's
// `enum`; a variable whose default changed sends partners who rely on defaults elsewhere (SG028); a new URL is SG060.

/** Beyond this many URLs from one template, its variables are compared as written instead of expanded. */
const MAX_URLS = 64;

interface Server {
  /** The template as written, without a trailing slash. */
  template: string;
  /** The environment the SDK names it after: the first word of its description (`Production`, `Sandbox`, `Local`). */
  environment?: string;
  /** Every URL it stands for; a variable without `enum` stays a `{name}` placeholder (any value). */
  urls: string[];
  /** The URL with every variable at its default. */
  defaults: string;
  variables: Record<string, unknown>;
  index: number;
}

interface ServerList {
  servers: Server[];
  /** Where the list is written: `servers`, a path item's or an operation's. */
  at: string[];
}

export function serverFindings(base: Doc, head: Doc, pathMatch: Map<string, string>): Draft[] {
  const out: Draft[] = [];
  compareLists(serverList(base.servers, ['servers']), serverList(head.servers, ['servers']), undefined, out);
  for (const [b, h] of matchedOperations(base, head, pathMatch)) {
    const bList = effectiveServers(base, b);
    const hList = effectiveServers(head, h);
    // Both from the document's `servers`: already compared once above.
    if (bList.at.length === 1 && hList.at.length === 1) continue;
    compareLists(bList, hList, h, out);
  }
  return out;
}

/** An operation's own `servers`, else its path item's, else the document's. */
function effectiveServers(doc: Doc, op: OperationLocation): ServerList {
  if (Array.isArray(op.node.servers)) return serverList(op.node.servers, [...op.segments, 'servers']);
  const pathItem = op.segments.slice(0, -1);
  const paths = isObject(doc.paths) ? doc.paths : {};
  const item = paths[pathItem[1] ?? ''];
  if (isObject(item) && Array.isArray(item.servers)) return serverList(item.servers, [...pathItem, 'servers']);
  return serverList(doc.servers, ['servers']);
}

function serverList(value: unknown, at: string[]): ServerList {
  const servers: Server[] = [];
  (Array.isArray(value) ? value : []).forEach((server, index) => {
    if (!isObject(server) || typeof server.url !== 'string') return;
    const variables = isObject(server.variables) ? server.variables : {};
    const template = server.url.replace(/\/+$/, '');
    const environment = /^\s*(production|sandbox|local)\b/i.exec(String(server.description ?? ''))?.[1]?.toLowerCase();
    servers.push({
      template,
      ...(environment ? { environment } : {}),
      urls: expand(template, variables),
      defaults: withDefaults(template, variables),
      variables,
      index,
    });
  });
  return { servers, at };
}

function expand(template: string, variables: Record<string, unknown>): string[] {
  let urls = [template];
  for (const [name, variable] of Object.entries(variables)) {
    const values = isObject(variable) && Array.isArray(variable.enum) ? variable.enum.map(String) : undefined;
    if (!values || values.length === 0 || urls.length * values.length > MAX_URLS) continue;
    urls = urls.flatMap((url) => values.map((value) => url.split(`{${name}}`).join(value)));
  }
  return urls.map((url) => url.replace(/\/+$/, ''));
}

function withDefaults(template: string, variables: Record<string, unknown>): string {
  let url = template;
  for (const [name, variable] of Object.entries(variables)) {
    if (isObject(variable) && variable.default !== undefined)
      url = url.split(`{${name}}`).join(String(variable.default));
  }
  return url.replace(/\/+$/, '');
}

function compareLists(b: ServerList, h: ServerList, op: OperationLocation | undefined, out: Draft[]): void {
  const push = (rule: string, message: string, segments: string[]) => {
    const draft: Draft = { rule, message, segments, side: 'head', engine: 'policy' };
    if (op) {
      draft.operation = op.key;
      if (isFreePath(op.name)) draft.free = true;
    }
    out.push(draft);
  };
  const who = op ? `${op.key} is no longer served at` : 'server';
  const before = new Set(b.servers.flatMap((s) => s.urls));
  const after = new Set(h.servers.flatMap((s) => s.urls));
  for (const url of before) {
    if (after.has(url)) continue;
    const now = op ? ` (its servers are now ${h.servers.map((s) => `\`${s.template}\``).join(', ') || 'none'})` : '';
    push('SG021', op ? `${who} \`${url}\`${now}` : `server \`${url}\` was removed`, h.at);
  }
  for (const server of h.servers) {
    for (const url of server.urls) {
      if (!before.has(url))
        push('SG060', op ? `${op.key} is now also served at \`${url}\`` : `new server \`${url}\``, [
          ...h.at,
          String(server.index),
        ]);
    }
  }
  defaultServerFindings(b, h, op, after, push);
  // The same template on both sides whose defaults now make another URL: clients that take the defaults move.
  for (const server of h.servers) {
    const old = b.servers.find((s) => s.template === server.template);
    if (!old || old.defaults === server.defaults) continue;
    const changed = Object.keys(server.variables).find(
      (name) => defaultOf(old.variables[name]) !== defaultOf(server.variables[name]),
    );
    push(
      'SG028',
      `server \`${server.template}\` now defaults to \`${server.defaults}\` instead of \`${old.defaults}\``,
      [...h.at, String(server.index), ...(changed ? ['variables', changed, 'default'] : [])],
    );
  }
}

function defaultOf(variable: unknown): string | undefined {
  return isObject(variable) && variable.default !== undefined ? String(variable.default) : undefined;
}

/**
 * Where partners end up without choosing: generated clients (openapi-generator, Swagger UI) start at the first
 * server, and the SDK picks an environment by the first word of a server's description (`Production …`). Either
 * moving to another URL that is still served sends those partners elsewhere without a change on their side (SG028).
 * A first server whose URL is gone altogether is SG021's.
 */
function defaultServerFindings(
  b: ServerList,
  h: ServerList,
  op: OperationLocation | undefined,
  after: Set<string>,
  push: (rule: string, message: string, segments: string[]) => void,
): void {
  const [bFirst] = b.servers;
  const [hFirst] = h.servers;
  if (
    bFirst &&
    hFirst &&
    bFirst.defaults !== hFirst.defaults &&
    bFirst.template !== hFirst.template &&
    after.has(bFirst.defaults)
  ) {
    push(
      'SG028',
      `the first server, where generated clients go by default, is now \`${hFirst.defaults}\` instead of \`${bFirst.defaults}\``,
      [...h.at, '0'],
    );
  }
  if (op) return;
  const environments = (list: ServerList) => {
    const out = new Map<string, Server>();
    for (const server of list.servers)
      if (server.environment && !out.has(server.environment)) out.set(server.environment, server);
    return out;
  };
  const hEnvironments = environments(h);
  for (const [name, server] of environments(b)) {
    const now = hEnvironments.get(name);
    if (now?.template === server.template) continue;
    const where = now
      ? `\`${now.template}\` instead of \`${server.template}\``
      : `no server (it was \`${server.template}\`)`;
    push('SG028', `the SDK's \`${name}\` environment (named by a server's description) is now ${where}`, [
      ...h.at,
      ...(now ? [String(now.index), 'description'] : []),
    ]);
  }
}
