#!/usr/bin/env node
// A small static server for the built site: `node scripts/serve.mjs [--port 4000] [--host 127.0.0.1]`, or
// `serveDocs({ port })` from tests and the root `pnpm start`. Loopback by default; port 0 picks a free port.

import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const appDir = dirname(dirname(fileURLToPath(import.meta.url)));

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
};

async function fileFor(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const rel = normalize(decoded).replace(/^([/\\])+/, '');
  const candidate = join(root, rel);
  // Never serve anything outside the site, whatever the URL says.
  if (candidate !== root && !candidate.startsWith(root + sep)) return undefined;
  for (const file of [candidate, join(candidate, 'index.html'), `${candidate}.html`]) {
    try {
      if ((await stat(file)).isFile()) return file;
    } catch {}
  }
  return undefined;
}

/**
 * The not-found page for any unknown path. Its links and stylesheet are relative, so answered at `/guides/x` they
 * pointed into `/guides/`, which does not exist either: an unstyled page whose every link was another 404. The site
 * is served at the root, so a `<base href="/">` makes them resolve from there wherever the page is answered.
 */
async function notFoundPage(root) {
  const html = await readFile(join(root, '404.html'), 'utf8');
  return html.replace('<head>', '<head>\n  <base href="/">');
}

/**
 * @param {{port?: number, host?: string, root?: string}} [options]
 * @returns {Promise<{url: string, port: number, stop: () => Promise<void>}>}
 */
export async function serveDocs({ port = 4000, host = '127.0.0.1', root = join(appDir, 'dist') } = {}) {
  try {
    if (!(await stat(join(root, 'index.html'))).isFile()) throw new Error();
  } catch {
    throw new Error(`No built site in ${root}: run \`pnpm --filter @zestequity/docs build\` first.`);
  }
  const server = createServer(async (req, res) => {
    const headers = { 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...headers, allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('Method not allowed\n');
      return;
    }
    // A request target no URL parser accepts (`GET http://[ HTTP/1.1`) would throw here, and a throw in this async
    // listener is an unhandled rejection that ends the process.
    const pathname = URL.canParse(req.url ?? '/', 'http://localhost')
      ? new URL(req.url ?? '/', 'http://localhost').pathname
      : undefined;
    if (pathname === undefined) {
      res.writeHead(400, { ...headers, 'content-type': 'text/plain' }).end('Bad request target\n');
      return;
    }
    const file = await fileFor(root, pathname);
    if (!file) {
      const page = await notFoundPage(root);
      res.writeHead(404, { ...headers, 'content-type': TYPES['.html'] });
      return void res.end(req.method === 'HEAD' ? undefined : page);
    }
    res.writeHead(200, { ...headers, 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file)
      .on('error', () => res.destroy())
      .pipe(res);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`,
    port: actualPort,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

function argValue(args, name) {
  const i = args.findIndex((a) => a === name || a.startsWith(`${name}=`));
  if (i === -1) return undefined;
  return args[i].includes('=') ? args[i].split('=')[1] : args[i + 1];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const port = Number(argValue(args, '--port') ?? process.env.PORT ?? 4000);
  const host = argValue(args, '--host') ?? '127.0.0.1';
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be an integer from 0 to 65535`);
    process.exit(2);
  }
  serveDocs({ port, host })
    .then(({ url, stop }) => {
      console.log(`Zest docs: ${url}/  (reference: ${url}/reference.html)`);
      const shutdown = () => stop().then(() => process.exit(0));
      process.on('SIGINT', shutdown);
      process.on('SIGTERM', shutdown);
    })
    .catch((err) => {
      console.error(err.message);
      process.exit(1);
    });
}
