// A throwaway npm registry (Verdaccio, in this process) for the release rehearsal: storage in a temp folder, no
// uplinks (so a @zestequity package can only come from what we published), publishing for authenticated users only.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
// Verdaccio 5 is CommonJS; its programmatic entry builds the Express app from a config object.
import { runServer } from 'verdaccio';

export interface LocalRegistry {
  /** Registry URL with its trailing slash, e.g. http://127.0.0.1:41234/run-1a2b3c/ */
  url: string;
  /** The `//host:port/path/` key npm and pnpm use for the auth token in an npmrc. */
  authKey: string;
  token: string;
  stop(): Promise<void>;
}

export async function startRegistry(dir: string): Promise<LocalRegistry> {
  // Each run gets its own path prefix, so its URLs never match what npm cached for an earlier run that happened to
  // get the same port (a stale cached packument would point at tarballs with another integrity).
  const prefix = `/run-${randomBytes(6).toString('hex')}`;
  // runServer builds Verdaccio's Express app and wraps it in an http.Server we never start: its request handler is
  // served by our own server below, behind the run's prefix.
  const verdaccio = (await runServer({
    self_path: join(dir, 'config.yaml'),
    storage: join(dir, 'storage'),
    auth: { htpasswd: { file: join(dir, 'htpasswd'), max_users: 10 } },
    uplinks: {},
    packages: { '@zestequity/*': { access: '$all', publish: '$authenticated', unpublish: '$authenticated' } },
    url_prefix: `${prefix}/`,
    web: { enable: false },
    max_body_size: '50mb',
    logs: { type: 'stdout', format: 'pretty', level: 'error' },
  } as never)) as Server;
  const app = verdaccio.listeners('request')[0] as (req: IncomingMessage, res: ServerResponse) => void;
  // Listening on port 0 picks a free port once and keeps it: nothing to close and reuse.
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (!req.url?.startsWith(`${prefix}/`)) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not under this run\'s prefix"}');
      return;
    }
    req.url = req.url.slice(prefix.length);
    app(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}${prefix}/`;
  const stop = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  try {
    const token = await createUser(url);
    return { url, authKey: url.replace(/^http:/, ''), token, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** `npm adduser` without npm: the CouchDB user document call every npm registry answers with a token. */
async function createUser(url: string): Promise<string> {
  const name = 'release-rehearsal';
  const res = await fetch(`${url}-/user/org.couchdb.user:${name}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      _id: `org.couchdb.user:${name}`,
      name,
      password: randomBytes(16).toString('hex'),
      type: 'user',
      roles: [],
    }),
  });
  const body = (await res.json()) as { token?: string; error?: string };
  if (res.status !== 201 || !body.token)
    throw new Error(`creating the registry user answered ${res.status}: ${JSON.stringify(body)}`);
  return body.token;
}
