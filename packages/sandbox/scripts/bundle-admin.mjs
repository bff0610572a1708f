// Bundles the admin API document (openapi.admin.yaml, which borrows the Partner API's schemas and examples from
// ../../spec by $ref) into one self-contained dist/openapi.admin.json: what the package ships, the docs site
// renders and the Arazzo workflows load. Refuses to leave a bundle that is not a complete document.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const output = join('dist', 'openapi.admin.json');
mkdirSync(join(root, 'dist'), { recursive: true });
try {
  execFileSync(
    join(root, 'node_modules', '.bin', 'redocly'),
    ['bundle', 'openapi.admin.yaml', '--output', output, '--config', 'redocly.admin.yaml'],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
} catch (error) {
  process.stderr.write(String(error.stderr ?? error.message));
  throw new Error('redocly bundle failed for openapi.admin.yaml');
}
const text = readFileSync(join(root, output), 'utf8');
const doc = JSON.parse(text);
if (doc.openapi !== '3.1.0' || !doc.paths || Object.keys(doc.paths).length === 0)
  throw new Error(`${output} is not a complete OpenAPI 3.1 document`);
// Every $ref left must point inside the bundle: none may still reach into ../../spec.
const outside = [...text.matchAll(/"\$ref":\s*"([^"#][^"]*)"/g)].map((m) => m[1]);
if (outside.length > 0) throw new Error(`${output} still refers outside itself: ${outside.join(', ')}`);
const count = Object.values(doc.paths).reduce(
  (n, item) => n + Object.keys(item).filter((k) => k !== 'parameters').length,
  0,
);
console.log(`sandbox: bundled the admin API (${count} operations) into ${output}`);
