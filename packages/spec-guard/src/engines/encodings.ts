import { isObject } from '@zestequity/spec-model';
import { type Doc, isFreePath, resolve } from '../document.js';
import type { Draft } from '../draft.js';
import { matchedOperations } from '../operations.js';

// The parts of a multipart (or form) request body, by their Encoding Object: the content types a part may be sent
// as (`contentType`, a comma-separated list of media types and ranges such as `image/*`) and the headers a part may
// carry. A part accepted as more types, or given an optional header, accepts more (SG052, SG051); a type no longer
// covered, or a header now required, refuses parts that were accepted (SG007, SG003). The canonical spelling
// (canonical-rules.ts) already wrote each list in one order and case, and left out entries that state the default.

export function encodingFindings(base: Doc, head: Doc, pathMatch: Map<string, string>): Draft[] {
  const out: Draft[] = [];
  for (const [b, h] of matchedOperations(base, head, pathMatch)) {
    const bBody = resolve(base, b.node.requestBody, [...b.segments, 'requestBody']);
    const hBody = resolve(head, h.node.requestBody, [...h.segments, 'requestBody']);
    const bContent = isObject(bBody.node) && isObject(bBody.node.content) ? bBody.node.content : {};
    const hContent = isObject(hBody.node) && isObject(hBody.node.content) ? hBody.node.content : {};
    for (const [type, bMedia] of Object.entries(bContent)) {
      const hMedia = Object.hasOwn(hContent, type) ? hContent[type] : undefined;
      if (!isObject(bMedia) || !isObject(hMedia)) continue;
      const at = [...hBody.segments, 'content', type, 'encoding'];
      const bEnc = isObject(bMedia.encoding) ? bMedia.encoding : {};
      const hEnc = isObject(hMedia.encoding) ? hMedia.encoding : {};
      for (const part of new Set([...Object.keys(bEnc), ...Object.keys(hEnc)])) {
        const was = Object.hasOwn(bEnc, part) && isObject(bEnc[part]) ? bEnc[part] : {};
        const now = Object.hasOwn(hEnc, part) && isObject(hEnc[part]) ? hEnc[part] : {};
        const push = (rule: string, message: string, segments: string[]) => {
          const draft: Draft = {
            rule,
            message: `part \`${part}\`: ${message}`,
            operation: h.key,
            segments,
            side: 'head',
            engine: 'policy',
          };
          if (isFreePath(h.name)) draft.free = true;
          out.push(draft);
        };
        contentTypes(was.contentType, now.contentType, [...at, part, 'contentType'], push);
        partHeaders(base, head, was.headers, now.headers, [...at, part, 'headers'], push);
      }
    }
  }
  return out;
}

type Push = (rule: string, message: string, segments: string[]) => void;

/** `image/png` is covered by `image/png`, `image/*` and `*\/*`. */
function covers(range: string, type: string): boolean {
  if (range === type || range === '*/*') return true;
  const [rangeType, rangeSub] = range.split('/');
  const [typeType, typeSub] = type.split('/');
  if (rangeSub === '*') return rangeType === typeType;
  return typeSub === '*' ? false : rangeType === typeType && rangeSub === typeSub;
}

function mediaList(value: unknown): string[] | undefined {
  if (typeof value !== 'string') return undefined;
  return value
    .split(',')
    .map((t) => t.split(';')[0]?.trim().toLowerCase() ?? '')
    .filter((t) => t !== '');
}

function contentTypes(b: unknown, h: unknown, at: string[], push: Push): void {
  const before = mediaList(b);
  const after = mediaList(h);
  // One side states no list: its part takes the default type, which the canonical spelling wrote out where it could.
  if (!before || !after || (before.join() === after.join() && b === h)) return;
  const lost = before.filter((type) => !after.some((range) => covers(range, type)));
  const gained = after.filter((type) => !before.some((range) => covers(range, type)));
  if (lost.length > 0) push('SG007', `no longer accepted as ${lost.map((t) => `\`${t}\``).join(', ')}`, at);
  else if (gained.length > 0) push('SG052', `now also accepted as ${gained.map((t) => `\`${t}\``).join(', ')}`, at);
  else push('SG052', `accepted as \`${String(h)}\` instead of \`${String(b)}\`, the same types`, at);
}

function partHeaders(base: Doc, head: Doc, b: unknown, h: unknown, at: string[], push: Push): void {
  const before = isObject(b) ? b : {};
  const after = isObject(h) ? h : {};
  const required = (doc: Doc, header: unknown, where: string[]) => {
    const node = resolve(doc, header, where).node;
    return isObject(node) && node.required === true;
  };
  for (const name of Object.keys(after)) {
    const now = required(head, after[name], [...at, name]);
    if (!Object.hasOwn(before, name)) {
      if (now) push('SG003', `now requires the part header \`${name}\``, [...at, name]);
      else push('SG051', `may now carry the part header \`${name}\``, [...at, name]);
    } else if (now && !required(base, before[name], [...at, name])) {
      push('SG003', `the part header \`${name}\` is now required`, [...at, name, 'required']);
    } else if (!now && required(base, before[name], [...at, name])) {
      push('SG052', `the part header \`${name}\` is no longer required`, [...at, name, 'required']);
    }
  }
}
