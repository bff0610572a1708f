// The site's table of contents. Each guide is docs/<name>.md at the repository root; the build fails if a guide listed
// here is missing or a Markdown file in docs/ is not listed, so navigation and content cannot drift apart.

export const NAV = [
  {
    title: 'Using the API',
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
      { name: 'design-decisions' },
      { name: 'changelog', generated: true, title: 'Changelog' },
    ],
  },
  {
    title: 'Contributing',
    items: [{ name: 'contributing' }, { name: 'spec-style-guide' }, { name: 'releasing' }],
  },
];

export const GUIDE_NAMES = NAV.flatMap((s) => s.items.filter((i) => !i.generated).map((i) => i.name));
