// The site's table of contents. Each guide is docs/<name>.md at the repository root; the build fails if a guide listed
// here is missing or a Markdown file in docs/ is not listed, so navigation and content cannot drift apart.
//
// Two areas: what a partner integrating the API reads, and what someone changing this repository reads. A page's side
// navigation shows its own area only, so a partner never wades through release and style-guide pages.

export const AREAS = {
  partners: { label: 'Guides', home: 'quickstart' },
  contributors: { label: 'Contributors', home: 'contributing' },
};

export const NAV = [
  {
    title: 'Using the API',
    area: 'partners',
    items: [
      { name: 'quickstart' },
      { name: 'authentication' },
      { name: 'idempotency' },
      { name: 'errors' },
      { name: 'webhooks' },
      { name: 'sandbox' },
      { name: 'workflows' },
      { name: 'contract-tests' },
      { name: 'compatibility' },
      { name: 'changelog', generated: true, title: 'Changelog' },
    ],
  },
  {
    title: 'Contributors',
    area: 'contributors',
    items: [
      { name: 'contributing' },
      { name: 'spec-style-guide' },
      { name: 'design-decisions' },
      { name: 'releasing' },
    ],
  },
];

export const GUIDE_NAMES = NAV.flatMap((s) => s.items.filter((i) => !i.generated).map((i) => i.name));

/** The area a page belongs to; pages outside the guides (home, reference, 404) are the partners'. */
export function areaOf(name) {
  return NAV.find((s) => s.items.some((i) => i.name === name))?.area ?? 'partners';
}
