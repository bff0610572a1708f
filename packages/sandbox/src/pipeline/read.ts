import type { IncomingMessage } from 'node:http';
import { mediaType, parseForm, parseJsonText, readBody } from '../http/body.js';
import type { RequestContext } from '../http/context.js';
import { ApiError, badRequest } from '../http/errors.js';
import { type MultipartBody, readMultipart, type UploadRule } from '../http/multipart.js';
import type { OperationValidators } from '../spec/validators.js';
import type { PipelineEnv } from './env.js';
import type { Route } from './route.js';
import { validateBody, validateMultipartFields } from './validate.js';

/** Whether the request says it has a body (a length other than 0, or chunked). */
function hasBody(req: IncomingMessage): boolean {
  return req.headers['content-length'] !== undefined
    ? req.headers['content-length'] !== '0'
    : req.headers['transfer-encoding'] !== undefined;
}

/**
 * The "read" stage: the body in a media type the operation declares (415 where the spec declares it, else 400),
 * parsed and validated (`ctx.body`). A multipart body is not read here: `ctx.multipart` streams it when the
 * handler asks, so an upload is checked against its limits as it arrives. Only for operations that take a body.
 */
export async function readRequest(
  env: PipelineEnv,
  { operation, validators }: Route,
  ctx: RequestContext,
): Promise<void> {
  const { req } = ctx;
  const body = operation.requestBody!;
  const type = mediaType(req);
  const declaredTypes = Object.keys(body.content);
  if (!hasBody(req) && !type) {
    if (body.required) throw badRequest(`This operation needs a ${declaredTypes.join(' or ')} body.`).at('body');
    return;
  }
  if (!Object.hasOwn(body.content, type)) {
    const detail = `Content-Type must be ${declaredTypes.join(' or ')}${type ? `, not ${type}` : ''}.`;
    throw operation.responses['415']
      ? new ApiError(415, 'unsupported_media_type', detail)
      : badRequest(detail).at('body');
  }
  if (type === 'multipart/form-data') {
    const limits = env.uploadLimits.get(operation.operationId)!;
    const trusted = env.breakages.trustsDeclaredUploadType() ? { ...limits, trustDeclaredType: true } : limits;
    ctx.multipart = () => readValidatedMultipart(env, validators, req, trusted);
    return;
  }
  const bytes = await readBody(req);
  if (bytes.length === 0) {
    if (body.required) throw badRequest(`This operation needs a ${type} body; the body was empty.`).at('body');
    return;
  }
  let data: unknown;
  try {
    if (type === 'application/x-www-form-urlencoded') data = parseForm(bytes);
    else ({ value: data, text: ctx.jsonText } = parseJsonText(bytes));
  } catch (error) {
    throw error instanceof ApiError ? error.at('body') : error;
  }
  validateBody(ctx, type, data, validators, env.compiled);
  ctx.body = data;
}

async function readValidatedMultipart(
  env: PipelineEnv,
  validators: OperationValidators,
  req: IncomingMessage,
  limits: UploadRule,
): Promise<MultipartBody> {
  const parsed = await readMultipart(req, limits);
  validateMultipartFields(
    parsed.fields,
    { field: limits.fileField, sent: parsed.file !== undefined },
    validators,
    env.compiled,
  );
  return parsed;
}
