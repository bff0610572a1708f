// Guides are plain Markdown that also reads well on a code host: they link to each other as `other-guide.md` and to
// the API reference as `ref:<operationId>` / `ref:schema:<Name>` / `ref:webhook:<eventType>`. Rendering rewrites those
// links to site URLs, gives every heading a stable id, and reports headings and links so the build can index
// sections and refuse dangling references.
//
// A heading's id is its slug, unless an explicit anchor stands on the line(s) just above it: `<a id="servers"></a>`.
// That is the one anchor scheme that works both on a code host (which renders the raw <a>) and here, and it keeps
// `design-decisions.md#servers` valid when the heading's wording changes. Here the explicit id becomes the heading's
// own id, so the page has no empty anchor and no second id for the same place.

import { Marked } from 'marked';

export function headingSlug(text) {
  return String(text)
    .toLowerCase()
    .replace(/<[^>]+>/g, '')
    .replace(/&[a-z]+;|&#\d+;/g, '')
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .trim()
    .replace(/\s+/g, '-');
}

const EXPLICIT_ANCHOR = /^<a id="([A-Za-z][\w-]*)"><\/a>[ \t]*\n(?:[ \t]*\n)*(#{1,6}[ \t][^\n]*?)[ \t]*$/gm;
const EXPLICIT_MARK = /\s*\{#([A-Za-z][\w-]*)\}$/;

/** Moves each explicit anchor onto the heading below it as a trailing `{#id}` mark, read back by the heading renderer. */
export function attachExplicitAnchors(source) {
  return source.replace(EXPLICIT_ANCHOR, (_, id, heading) => `${heading} {#${id}}`);
}

const escapeHtml = (s) =>
  String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * @param {string} source Markdown
 * @param {{resolveRef: (target: string) => string | undefined, guideNames: Set<string>, file: string}} ctx
 * @returns {{html: string, title: string, headings: {depth: number, text: string, id: string}[], links: string[]}}
 */
export function renderGuide(source, { resolveRef, guideNames, file }) {
  const headings = [];
  const links = [];
  const problems = [];
  const used = new Map();

  const rewriteHref = (href) => {
    if (href.startsWith('ref:')) {
      const target = resolveRef(href.slice(4));
      if (!target) problems.push(`unknown reference "${href}"`);
      return target ?? '#';
    }
    const m = /^(?:\.\/)?([\w-]+)\.md(#.*)?$/.exec(href);
    if (m) {
      if (!guideNames.has(m[1])) problems.push(`link to a guide that does not exist: "${href}"`);
      return `${m[1]}.html${m[2] ?? ''}`;
    }
    return href;
  };

  const marked = new Marked({
    gfm: true,
    renderer: {
      heading({ tokens, depth }) {
        let inner = this.parser.parseInline(tokens);
        const explicit = EXPLICIT_MARK.exec(inner)?.[1];
        if (explicit) inner = inner.replace(EXPLICIT_MARK, '');
        const plain = inner
          .replace(/<[^>]+>/g, '')
          .replace(/&amp;/g, '&')
          .replace(/&lt;/g, '<')
          .replace(/&gt;/g, '>')
          .replace(/&quot;/g, '"')
          .replace(/&#39;/g, "'");
        let id = explicit ?? headingSlug(plain);
        const n = used.get(id) ?? 0;
        used.set(id, n + 1);
        if (explicit && n > 0) problems.push(`explicit anchor "${explicit}" is used twice`);
        else if (n > 0) id = `${id}-${n}`;
        headings.push({ depth, text: plain, id });
        const anchor = depth > 1 ? `<a class="anchor" href="#${id}" aria-label="Link to this section">#</a>` : '';
        return `<h${depth} id="${id}">${inner}${anchor}</h${depth}>\n`;
      },
      link({ href, title, tokens }) {
        const target = rewriteHref(href);
        links.push(target);
        const external = /^https?:\/\//.test(target);
        const t = title ? ` title="${escapeHtml(title)}"` : '';
        const rel = external ? ' rel="noopener noreferrer"' : '';
        return `<a href="${escapeHtml(target)}"${t}${rel}>${this.parser.parseInline(tokens)}</a>`;
      },
      image({ href }) {
        // Images would be a resource load; the site is text only so every page stays offline and small.
        problems.push(`images are not supported in guides ("${href}")`);
        return '';
      },
      code({ text, lang }) {
        const cls = lang ? ` class="language-${escapeHtml(lang.split(/\s/)[0])}"` : '';
        return `<div class="code-block"><pre><code${cls}>${escapeHtml(text)}</code></pre><button class="copy" type="button" data-copy>Copy</button></div>\n`;
      },
      html({ text }) {
        // Raw HTML is allowed for <details> and similar, never for scripts or external resources.
        if (/<(script|iframe|img|link|style)\b/i.test(text))
          problems.push('raw <script>/<iframe>/<img>/<link>/<style> is not allowed in guides');
        return text;
      },
    },
  });

  const html = marked.parse(attachExplicitAnchors(source));
  if (problems.length) throw new Error(`${file}:\n  - ${problems.join('\n  - ')}`);
  const h1 = headings.find((h) => h.depth === 1);
  if (!h1) throw new Error(`${file}: a guide starts with a "# Title" heading`);
  return { html, title: h1.text, headings, links, sectionText: sectionTexts(html) };
}

/** Plain text under each heading (up to the next heading), keyed by heading id, for the search index. */
function sectionTexts(html) {
  const out = new Map();
  const parts = html.split(/<h[1-6] id="([^"]+)">/);
  for (let i = 1; i < parts.length; i += 2) {
    const body = parts[i + 1].replace(/^[\s\S]*?<\/h[1-6]>/, '');
    const text = body
      .replace(/<button[\s\S]*?<\/button>/g, ' ')
      // block-level tags separate words; inline ones (code, a, strong) do not
      .replace(/<\/?(?:p|li|ul|ol|h[1-6]|pre|div|table|thead|tbody|tr|td|th|blockquote|br|hr)\b[^>]*>/g, ' ')
      .replace(/<[^>]+>/g, '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&')
      .replace(/\s+/g, ' ')
      .trim();
    out.set(parts[i], text);
  }
  return out;
}
