import { isObject, locateOperations, type OperationLocation } from '@zestequity/spec-model';
import { type Doc, pathTemplate } from './document.js';

/** Base path -> head path, matching paths that differ only in the names of their parameters. */
export function matchPaths(base: Doc, head: Doc): Map<string, string> {
  const headByTemplate = new Map<string, string>();
  for (const path of Object.keys(isObject(head.paths) ? head.paths : {})) {
    const template = pathTemplate(path);
    if (!headByTemplate.has(template)) headByTemplate.set(template, path);
  }
  const out = new Map<string, string>();
  const headPaths = isObject(head.paths) ? head.paths : {};
  for (const path of Object.keys(isObject(base.paths) ? base.paths : {})) {
    if (Object.hasOwn(headPaths, path)) out.set(path, path);
    else {
      const match = headByTemplate.get(pathTemplate(path));
      if (match) out.set(path, match);
    }
  }
  return out;
}

/**
 * Every operation of the base paired with the same operation of the head (same method, its path matched by
 * `matchPaths`); operations only one side has are left out (the engines that report them look for them).
 */
export function matchedOperations(
  base: Doc,
  head: Doc,
  pathMatch: Map<string, string>,
): [base: OperationLocation, head: OperationLocation][] {
  const headOps = new Map(locateOperations(head, 'path').map((op) => [`${op.method} ${op.name}`, op]));
  const pairs: [OperationLocation, OperationLocation][] = [];
  for (const b of locateOperations(base, 'path')) {
    const headPath = pathMatch.get(b.name);
    const h = headPath ? headOps.get(`${b.method} ${headPath}`) : undefined;
    if (h) pairs.push([b, h]);
  }
  return pairs;
}
