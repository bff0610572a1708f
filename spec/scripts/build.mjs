// Bundles the split spec into the three files consumers import from dist/.
// Redocly does the bundling; this script only orchestrates it and refuses to
// leave a half-written or unparsable dist behind.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const redocly = join(root, 'node_modules', '.bin', 'redocly');
const config = join(root, 'redocly.yaml');

function bundle(output, extraArgs = []) {
  const args = ['bundle', 'openapi.yaml', '--output', output, ...extraArgs];
  if (existsSync(config)) args.push('--config', config);
  try {
    execFileSync(redocly, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    process.stderr.write(String(error.stderr ?? error.message));
    throw new Error(`redocly bundle failed for ${output}`);
  }
}

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

bundle('dist/openapi.yaml');
bundle('dist/openapi.json');
bundle('dist/openapi.dereferenced.json', ['--dereferenced']);

// A bundle that does not parse must fail the build, not the consumers.
for (const file of ['openapi.json', 'openapi.dereferenced.json']) {
  const doc = JSON.parse(readFileSync(join(dist, file), 'utf8'));
  if (doc.openapi !== '3.1.0' || !doc.paths || !doc.webhooks) {
    throw new Error(`dist/${file} is not a complete OpenAPI 3.1 document`);
  }
}
const dereferenced = readFileSync(join(dist, 'openapi.dereferenced.json'), 'utf8');
if (dereferenced.includes('"$ref"')) {
  throw new Error('dist/openapi.dereferenced.json still contains $ref');
}

const doc = JSON.parse(readFileSync(join(dist, 'openapi.json'), 'utf8'));
const methods = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];
const operations = Object.values(doc.paths).flatMap((item) => methods.filter((m) => m in item));
console.log(
  `spec: bundled ${operations.length} operations and ${Object.keys(doc.webhooks).length} webhooks into dist/`,
);
