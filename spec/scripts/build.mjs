// Bundles the split spec into the three files consumers import from dist/.
// Redocly does the bundling; this script only orchestrates it and refuses to
// leave a half-written or unparsable dist behind.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

// The Arazzo workflows, in the form a partner runs from the installed package: dist/workflows/*.arazzo.yaml load
// the bundled spec (../openapi.yaml) and a bundled copy of the sandbox admin API document next to them. In the
// repository they load the sources instead (../openapi.yaml, ../../packages/sandbox/openapi.admin.yaml); the copy
// is what lets the operator steps (approve, complete, move the clock) resolve outside it.
const SOURCES = {
  '../openapi.yaml': '../openapi.yaml',
  '../../packages/sandbox/openapi.admin.yaml': './sandbox-admin.openapi.json',
};
mkdirSync(join(dist, 'workflows'), { recursive: true });
const adminSource = join(root, '..', 'packages', 'sandbox', 'openapi.admin.yaml');
try {
  execFileSync(redocly, ['bundle', adminSource, '--output', join(dist, 'workflows', 'sandbox-admin.openapi.json')], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
} catch (error) {
  process.stderr.write(String(error.stderr ?? error.message));
  throw new Error('redocly bundle failed for the sandbox admin API document');
}
const workflows = readdirSync(join(root, 'workflows')).filter((f) => f.endsWith('.arazzo.yaml'));
for (const file of workflows) {
  let text = readFileSync(join(root, 'workflows', file), 'utf8');
  const urls = [...text.matchAll(/^ {4}url: (.+)$/gm)].map((m) => m[1]);
  for (const url of urls) {
    if (!(url in SOURCES))
      throw new Error(`workflows/${file}: source description ${url} has no published location in build.mjs`);
    text = text.replace(`    url: ${url}\n`, `    url: ${SOURCES[url]}\n`);
  }
  writeFileSync(join(dist, 'workflows', file), text);
}
console.log(`spec: copied ${workflows.length} Arazzo workflows into dist/workflows/`);
