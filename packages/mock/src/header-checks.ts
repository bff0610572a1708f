import { createRequire } from 'node:module';

/**
 * The media-type parsers Prism itself runs on a request's headers, loaded from Prism's own dependencies (the very
 * copies it uses, found from `@stoplight/prism-cli` through `@stoplight/prism-http`, so no dependency of this
 * package's own), and the checks the proxy makes with them before a request reaches Prism:
 *
 * - `Accept`: Prism splits it at every `,` and, when no response content matches, parses each part with
 *   `content-type`'s `parse`, which throws on anything that is not `type/subtype *(; name=value)`. The throw is not
 *   caught: the Prism process exited and the mock answered 503 from then on.
 * - `Content-Type`: Prism's validator reads it with `whatwg-mimetype` (`new MIMEType(…)`, which throws on what it
 *   cannot parse: an uncaught throw again, Prism exited), and its HTTP layer reads a request body's charset with
 *   `content-type`'s `parse` (a throw there was a 500).
 */
interface ContentTypeModule {
  parse(header: string): { type: string; parameters: Record<string, string> };
}
interface MimeTypeClass {
  parse(header: string): object | null;
}

function prismHttpRequire(): NodeJS.Require {
  const here = createRequire(import.meta.url);
  const cli = createRequire(here.resolve('@stoplight/prism-cli/package.json'));
  return createRequire(cli.resolve('@stoplight/prism-http/package.json'));
}

const prismRequire = prismHttpRequire();
const contentType = prismRequire('content-type') as ContentTypeModule;
const MIMEType = prismRequire('whatwg-mimetype') as MimeTypeClass;

/** Whether `content-type` (the library Prism parses `Accept` parts and body charsets with) can parse `value`. */
function contentTypeParses(value: string): boolean {
  try {
    contentType.parse(value);
    return true;
  } catch {
    return false;
  }
}

/** How a header value is shown in a `detail`: quoted, and cut short when long. */
export function shown(value: string): string {
  return JSON.stringify(value.length > 100 ? `${value.slice(0, 100)}…` : value);
}

export interface AcceptCheck {
  /** Why the header cannot be used, when it cannot. */
  problem?: string;
  /** The header to pass on to Prism without its empty parts; `null` when nothing is left; undefined when as sent. */
  forward?: string | null;
}

/**
 * Checks an `Accept` header part by part, split as Prism splits it (at every `,`). Empty parts are ignored, as
 * RFC 9110 section 5.6.1.2 asks of a recipient, and left out of what Prism gets (it parsed them, and exited on
 * them); a part that is not a media range is a problem.
 */
export function checkAccept(header: string | undefined): AcceptCheck {
  if (header === undefined || header === '') return {};
  const parts = header.split(',');
  const kept = parts.filter((part) => part.trim() !== '');
  const bad = kept.find((part) => !contentTypeParses(part));
  if (bad !== undefined)
    return {
      problem: `The Accept header is malformed: ${shown(bad.trim())} is not a media range (type/subtype, then optional ;name=value parameters).`,
    };
  if (kept.length === parts.length) return {};
  return { forward: kept.length === 0 ? null : kept.join(',') };
}

/**
 * Why a `Content-Type` header cannot be used, when it cannot: both of Prism's parsers must read it (an empty header
 * is read by neither, and Prism treats it as absent).
 */
export function contentTypeProblem(header: string | undefined): string | undefined {
  if (header === undefined || header === '') return undefined;
  if (contentTypeParses(header) && MIMEType.parse(header) !== null) return undefined;
  return `The Content-Type header is malformed: ${shown(header)} is not a media type (type/subtype, then optional ;name=value parameters).`;
}
