import { isObject } from '@zestequity/spec-model';
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
