import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SerializedReply } from '../idempotency.js';
import { authenticateRequest } from './authenticate.js';
import type { PipelineEnv } from './env.js';
import { injectFault, NO_FAULT } from './fault.js';
import { guard, isAdminPath } from './guard.js';
import { handle, newContext } from './handle.js';
import { runOnce } from './idempotency.js';
import { readRequest } from './read.js';
import { route } from './route.js';
import { validateParameters } from './validate.js';

/**
 * A request's way through the sandbox, stage by stage:
 * guard (host, admin origin) → fault injection → route → authenticate → validate parameters → read and validate
 * the body → idempotency + transaction → handler → check the response → breakages → write (once durable).
 * Any stage may refuse: its error becomes the partner envelope and is written like any other answer.
 */
export function requestListener(env: PipelineEnv) {
  const { writer } = env;

  async function api(req: IncomingMessage, res: ServerResponse, pathname: string, search: string): Promise<void> {
    // A trigger's own steps are exempt: faults are for the partner's calls, and a trigger that fails half-way through
    // its walk would leave a half-made flow behind.
    const { decision, delay, refusal } = env.admin.isTriggerStep(req) ? NO_FAULT : injectFault(env.faults, pathname);
    if (delay) await delay;
    if (refusal) {
      req.resume();
      return writer.write(res, writer.errorReply(refusal), { 'Retry-After': '1' });
    }
    const routed = route(env.router, req.method, pathname);
    if (routed.kind === 'refused') {
      req.resume();
      return writer.write(res, writer.errorReply(routed.error), routed.headers);
    }
    const { operation, validators } = routed.route;
    let outcome: { reply: SerializedReply; replayed: boolean };
    try {
      const ctx = newContext(routed.route, req, routed.params);
      ctx.partner = authenticateRequest(operation, req, env.deps, env.breakages);
      const headers = validateParameters(ctx, search, validators, env.compiled, env.breakages);
      // Only an operation with a body awaits the read stage; a bodiless one goes on at once. Whatever a client sends
      // with it anyway is drained by `write` (up to DRAIN_LIMIT_BYTES) before the answer goes out.
      if (operation.requestBody) await readRequest(env, routed.route, ctx);
      const request = { operation, params: routed.params, partner: ctx.partner, body: ctx.body };
      const sentKey = headers['idempotency-key'] as string | undefined;
      outcome = await runOnce(env, request, sentKey, handle(env, routed.route, ctx));
    } catch (error) {
      outcome = { reply: writer.errorReply(error, operation, validators), replayed: false };
    }
    const broken = env.breakages.reply(operation.operationId, outcome.reply);
    if (decision.drop || broken === 'drop') {
      // The change (if any) is committed; the client never hears about it.
      req.socket.destroy();
      return;
    }
    // A request refused before its body was read (wrong media type, bad header, ...): drain the rest, or a large body
    // still in flight makes the socket close with a reset and the client never sees the answer.
    if (!req.complete) req.resume();
    writer.write(res, broken, outcome.replayed ? { 'Idempotent-Replayed': 'true' } : undefined);
  }

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const target = req.url ?? '/';
    const url = target.startsWith('/') ? target : originForm(req, target);
    const q = url.indexOf('?');
    const pathname = q === -1 ? url : url.slice(0, q);
    const search = q === -1 ? '' : url.slice(q + 1);
    try {
      const refusal = guard(req, pathname, env.hostPolicy);
      if (refusal) {
        req.resume();
        return writer.write(res, writer.errorReply(refusal));
      }
      // The admin API opens its own transactions (one per action; a trigger one per step of its walk).
      if (isAdminPath(pathname)) await env.admin.handle(req, res, pathname, search);
      else await api(req, res, pathname, search);
    } catch (error) {
      writer.write(res, writer.errorReply(error));
    }
  };
}

/**
 * A request-target in absolute-form (`GET http://host:8080/v1/... HTTP/1.1`, what a client talking through a proxy
 * sends), which a server must accept (RFC 9112 section 3.2.2): its path and query, and its host instead of the Host
 * header (the same section), so the host guard judges the host the client named. Any other form is left as it came
 * and matches no route.
 */
function originForm(req: IncomingMessage, target: string): string {
  const match = /^https?:\/\/([^/?#]*)([^#]*)$/i.exec(target);
  if (!match) return target;
  req.headers.host = match[1]!;
  const rest = match[2]!;
  return rest.startsWith('/') ? rest : `/${rest}`;
}
